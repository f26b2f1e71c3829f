/** Child process entry: runs the ceiling receiver on 127.0.0.1 and prints {"smtp":"127.0.0.1:PORT"}. */
import { startCeilingReceiver } from './receiver.js';

const receiver = await startCeilingReceiver(Number(process.argv[2] ?? 0));
console.log(JSON.stringify({ smtp: `127.0.0.1:${receiver.port}` }));
const stop = () => void receiver.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
