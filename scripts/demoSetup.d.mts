export function prepareDemoCrate(
  source: string,
  target: string,
  options?: { fresh?: boolean },
): 'created' | 'kept' | 'reset';
export function portInUseMessage(port: number): string;
export function checkPortFree(host: string, port: number): Promise<void>;
