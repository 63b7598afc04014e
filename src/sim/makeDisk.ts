import type { Disk } from './Disk.ts';
import { FileDisk } from './FileDisk.ts';

export function makeDisk(): Disk {
  return new FileDisk();
}
