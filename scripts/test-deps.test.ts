import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { findPostgresBin } from '@/lib/testing/postgres-cluster';
import {
  DEBIAN_CHROMIUM,
  findChromium,
  findProgram,
  installCommand,
  type Probe,
  planTestDeps,
  SYSTEM_DEPS,
} from './test-deps';

const {
  chromium,
  nginx,
  chattr,
  postgresql,
  'prometheus-node-exporter': nodeExporter,
} = SYSTEM_DEPS;
const probe = (over: Partial<Probe>): Probe => ({
  missing: [],
  isRoot: false,
  hasAptGet: true,
  ...over,
});

describe('planTestDeps: what npm test does about missing programs', () => {
  it.each([
    ['root with apt-get', true, true],
    ['root without apt-get', true, false],
    ['a user with apt-get', false, true],
    ['a user without apt-get', false, false],
  ])('goes on when nothing is missing (%s)', (_, isRoot, hasAptGet) => {
    expect(planTestDeps(probe({ isRoot, hasAptGet }))).toEqual({ action: 'ready' });
  });

  it('installs every missing Debian package at once as root with apt-get', () => {
    expect(
      planTestDeps(
        probe({ missing: [chromium, nginx, chattr, nodeExporter], isRoot: true, hasAptGet: true }),
      ),
    ).toEqual({
      action: 'install',
      packages: ['chromium', 'nginx', 'e2fsprogs', 'prometheus-node-exporter'],
      command:
        'apt-get update && apt-get install -y chromium nginx e2fsprogs prometheus-node-exporter',
    });
  });

  it('stops a user who is not root with the exact sudo command, naming what needs what', () => {
    const plan = planTestDeps(probe({ missing: [nginx], isRoot: false, hasAptGet: true }));

    expect(plan).toEqual({ action: 'stop', message: expect.any(String) });
    const message = plan.action === 'stop' ? plan.message : '';
    expect(message).toContain('\n  sudo apt-get update && sudo apt-get install -y nginx\n');
    expect(message).toContain('nginx, for tests/integration/nginx-proxy.test.ts');
    expect(message).not.toContain('CHROMIUM_PATH');
  });

  it('names Debian’s node_exporter and the test that scrapes it', () => {
    const plan = planTestDeps(probe({ missing: [nodeExporter] }));

    const message = plan.action === 'stop' ? plan.message : '';
    expect(message).toContain('sudo apt-get install -y prometheus-node-exporter');
    expect(message).toContain(
      'prometheus-node-exporter, for tests/integration/scrape-node-exporter.test.ts',
    );
  });

  it('tells a user who lacks Chromium the other ways to get one', () => {
    const plan = planTestDeps(probe({ missing: [chromium, nginx] }));

    const message = plan.action === 'stop' ? plan.message : '';
    expect(message).toContain('sudo apt-get update && sudo apt-get install -y chromium nginx');
    expect(message).toContain('CHROMIUM_PATH');
    expect(message).toContain('npx playwright install chromium');
  });

  it('stops root without apt-get (not Debian) with the package to install, no sudo', () => {
    const plan = planTestDeps(probe({ missing: [nginx], isRoot: true, hasAptGet: false }));

    expect(plan.action).toBe('stop');
    const message = plan.action === 'stop' ? plan.message : '';
    expect(message).toContain("your system's package manager");
    expect(message).toContain('apt-get update && apt-get install -y nginx');
    expect(message).not.toContain('sudo');
  });

  it('stops on a CHROMIUM_PATH that names nothing, even as root: installing would not help', () => {
    const plan = planTestDeps(
      probe({ missing: [chromium], isRoot: true, badChromiumPath: '/opt/none/chrome' }),
    );

    expect(plan).toEqual({
      action: 'stop',
      message: expect.stringContaining(
        'CHROMIUM_PATH is set to /opt/none/chrome, but there is no executable there.',
      ),
    });
  });
});

describe('PostgreSQL', () => {
  it('is installed from Debian as root, with the other missing packages', () => {
    expect(
      planTestDeps(probe({ missing: [nginx, postgresql], isRoot: true, hasAptGet: true })),
    ).toEqual({
      action: 'install',
      packages: ['nginx', 'postgresql'],
      command: 'apt-get update && apt-get install -y nginx postgresql',
    });
  });

  it('stops a user at once with the exact command', () => {
    const plan = planTestDeps(probe({ missing: [postgresql], isRoot: false, hasAptGet: true }));
    const message = plan.action === 'stop' ? plan.message : '';
    expect(message).toContain('\n  sudo apt-get update && sudo apt-get install -y postgresql\n');
    expect(message).toContain('postgresql, for the PostgreSQL engine tests');
  });

  it('is found as the newest Debian version of at least 15 that has pg_ctl', () => {
    const versions = ['13', '15', '16', 'bogus'];
    const withCtl = new Set(['/pg/13/bin/pg_ctl', '/pg/15/bin/pg_ctl', '/pg/16/bin/pg_ctl']);
    expect(
      findPostgresBin(
        '/pg',
        () => versions,
        (f) => withCtl.has(f),
      ),
    ).toBe('/pg/16/bin');
    withCtl.delete('/pg/16/bin/pg_ctl');
    expect(
      findPostgresBin(
        '/pg',
        () => versions,
        (f) => withCtl.has(f),
      ),
    ).toBe('/pg/15/bin');
    expect(
      findPostgresBin(
        '/pg',
        () => ['13'],
        (f) => withCtl.has(f),
      ),
    ).toBeUndefined();
    const missing = () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    expect(findPostgresBin('/pg', missing)).toBeUndefined();
  });
});

describe('installCommand', () => {
  it('puts sudo before both apt-get calls for a user, none for root', () => {
    expect(installCommand(['nginx'], false)).toBe(
      'sudo apt-get update && sudo apt-get install -y nginx',
    );
    expect(installCommand(['nginx'], true)).toBe('apt-get update && apt-get install -y nginx');
  });
});

describe('findProgram', () => {
  it('looks in PATH, then in the sbin folders a user PATH often lacks', () => {
    const files = new Set(['/home/u/bin/nginx', '/usr/sbin/nginx']);
    const isFile = (file: string) => files.has(file);

    expect(findProgram('nginx', ['/home/u/bin', '/usr/bin'].join(path.delimiter), isFile)).toBe(
      '/home/u/bin/nginx',
    );
    expect(findProgram('nginx', '/usr/bin', isFile)).toBe('/usr/sbin/nginx');
    expect(findProgram('chattr', '/usr/bin', isFile)).toBeUndefined();
  });
});

describe('findChromium', () => {
  it('takes CHROMIUM_PATH when it is executable, and never asks Playwright then', async () => {
    const playwright = vi.fn(async () => '/pw/chrome');

    expect(await findChromium('/opt/chrome', playwright, (f) => f === '/opt/chrome')).toEqual({
      found: true,
    });
    expect(await findChromium('/opt/chrome', playwright, () => false)).toEqual({
      found: false,
      badChromiumPath: '/opt/chrome',
    });
    expect(playwright).not.toHaveBeenCalled();
  });

  it("falls back to Debian's Chromium, then to Playwright's download", async () => {
    const playwright = vi.fn(async () => '/pw/chrome');

    expect(await findChromium(undefined, playwright, (f) => f === DEBIAN_CHROMIUM)).toEqual({
      found: true,
    });
    expect(playwright).not.toHaveBeenCalled();
    expect(await findChromium('', playwright, (f) => f === '/pw/chrome')).toEqual({ found: true });
    expect(await findChromium(undefined, playwright, () => false)).toEqual({ found: false });
    expect(
      await findChromium(
        undefined,
        async () => undefined,
        (f) => f !== DEBIAN_CHROMIUM,
      ),
    ).toEqual({
      found: false,
    });
  });
});
