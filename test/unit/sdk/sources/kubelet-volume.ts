import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Reproduces the layout the kubelet's atomic writer gives a ConfigMap volume:
 *   ..2026_11_28_01_00_00.000000001/flags.json   (the real file)
 *   ..data -> ..2026_11_28_01_00_00.000000001     (swapped atomically on update)
 *   flags.json -> ..data/flags.json
 * An update writes a new timestamped dir, points ..data_tmp at it, renames
 * ..data_tmp over ..data, then deletes the old dir.
 */
export class KubeletVolume {
  private generation = 0;
  private current: string | undefined;

  private constructor(readonly dir: string) {}

  static async create(initial: string): Promise<KubeletVolume> {
    const v = new KubeletVolume(await mkdtemp(join(tmpdir(), 'fledge-cm-')));
    await v.update(initial);
    await symlink('..data/flags.json', join(v.dir, 'flags.json'));
    return v;
  }

  get path(): string {
    return join(this.dir, 'flags.json');
  }

  async update(content: string): Promise<void> {
    this.generation++;
    const ts = `..2026_11_28_01_00_00.${String(this.generation).padStart(9, '0')}`;
    await mkdir(join(this.dir, ts));
    await writeFile(join(this.dir, ts, 'flags.json'), content);
    await symlink(ts, join(this.dir, '..data_tmp'));
    await rename(join(this.dir, '..data_tmp'), join(this.dir, '..data'));
    if (this.current) await rm(join(this.dir, this.current), { recursive: true });
    this.current = ts;
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
