/** One command APDU out, one response back: the typed exchange used by the protocol steps (BAC, PACE, CA…). */
import type { CommandApdu, ResponseApdu } from './apdu.js';

export type Transceive = (cmd: CommandApdu) => Promise<ResponseApdu>;
