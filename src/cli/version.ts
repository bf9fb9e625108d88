// A named import, so that the bundle keeps only the version and not all of package.json.
import { version } from '../../package.json';

export const VERSION: string = version;
