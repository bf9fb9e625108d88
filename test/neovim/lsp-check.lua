-- Drives the Rust Safety Coach language server from Neovim 0.7+ (`nvim --headless --clean`),
-- the recipe the README gives, and records what a user would see:
--   RSC_CLI   path of dist/cli.js
--   RSC_ROOT  the crate (a temp copy of test/fixtures/learner-crate)
--   RSC_OUT   a folder; the script writes result.json there (or error.txt on failure)
-- 0.7 API only: vim.lsp.start_client + vim.lsp.buf_attach_client, vim.diagnostic.get, vim.wait,
-- vim.lsp.buf_request_sync, vim.lsp.util.apply_workspace_edit(edit, offset_encoding).
local cli = assert(os.getenv('RSC_CLI'), 'RSC_CLI is not set')
local root = assert(os.getenv('RSC_ROOT'), 'RSC_ROOT is not set')
local out = assert(os.getenv('RSC_OUT'), 'RSC_OUT is not set')

local function write(name, text)
  local file = assert(io.open(out .. '/' .. name, 'w'))
  file:write(text)
  file:close()
end

local function lsp_code(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

-- A vim.diagnostic item back as the LSP Diagnostic the server sent (with its `data`).
local function to_lsp(d)
  local lsp = (d.user_data and d.user_data.lsp) or {}
  return {
    range = {
      start = { line = d.lnum, character = d.col },
      ['end'] = { line = d.end_lnum, character = d.end_col },
    },
    severity = d.severity,
    message = d.message,
    source = d.source,
    code = lsp_code(d),
    data = lsp.data,
  }
end

local function run()
  local client_id = vim.lsp.start_client({
    name = 'rust-safety-coach',
    cmd = { 'node', cli, 'lsp', '--stdio' },
    root_dir = root,
  })
  assert(client_id, 'vim.lsp.start_client returned nil')

  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/src/config.rs'))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'rust' -- the languageId of didOpen
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'vim.lsp.buf_attach_client failed')

  local got = vim.wait(20000, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 50)
  assert(got, 'no diagnostics within 20 s')
  -- Typed fixes are suggestions until the crate's index is built, a moment after opening: wait
  -- for the publish made with it (its unwrap's `?` is safe), then read the diagnostics in order.
  local function has_safe_fix(d)
    local data = d.user_data and d.user_data.lsp and d.user_data.lsp.data
    for _, fix in ipairs((data and data.fixes) or {}) do
      if fix.applicability == 'safe' then
        return true
      end
    end
    return false
  end
  vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if lsp_code(d) == 'unwrap-used' and has_safe_fix(d) then
        return true
      end
    end
    return false
  end, 50)
  local diagnostics = vim.diagnostic.get(bufnr)
  table.sort(diagnostics, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)

  local target
  local listed = {}
  for _, d in ipairs(diagnostics) do
    local code = lsp_code(d)
    table.insert(listed, {
      line = d.lnum,
      col = d.col,
      end_line = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      code = code,
      source = d.source,
      message = d.message,
    })
    if code == 'unwrap-used' and not target then
      target = d
    end
  end
  assert(target, 'no unwrap-used diagnostic')

  local lsp_diagnostic = to_lsp(target)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = lsp_diagnostic.range,
    context = { diagnostics = { lsp_diagnostic }, only = { 'quickfix' } },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
  assert(responses, 'textDocument/codeAction timed out')
  local response = responses[client_id]
  assert(response and not response.err, 'textDocument/codeAction failed: ' .. vim.inspect(response))

  local titles, preferred = {}, nil
  for _, action in ipairs(response.result or {}) do
    table.insert(titles, action.title)
    if action.isPreferred and action.edit and not preferred then
      preferred = action
    end
  end
  assert(preferred, 'no preferred code action with an edit among ' .. vim.inspect(titles))
  vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')

  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local text = table.concat(lines, '\n')
  if vim.bo[bufnr].eol then
    text = text .. '\n'
  end

  write('result.json', vim.fn.json_encode({
    nvim = vim.version(),
    diagnostics = listed,
    actions = titles,
    applied = preferred.title,
    text = text,
  }))
  vim.lsp.stop_client(client_id)
  vim.wait(2000, function()
    return vim.lsp.get_client_by_id(client_id) == nil
  end, 50)
end

local ok, err = pcall(run)
if not ok then
  write('error.txt', tostring(err))
  vim.cmd('cquit 1')
end
vim.cmd('qa!')
