// `pnpm start [-- --epochs 3 --backend cpu ...]`: see cli-options.ts for the flags.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
