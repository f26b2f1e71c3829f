export { startCeilingReceiver, type CeilingReceiver } from './receiver.js';
