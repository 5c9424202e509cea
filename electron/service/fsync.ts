/** fsync of a file or a folder by path (a folder: so a rename or link into it survives power loss). */
import * as fs from 'node:fs';

export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
