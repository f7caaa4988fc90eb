#!/usr/bin/env node
// STAND-IN for fpm, for tests only: electron-builder downloads fpm from github.com, which cannot be reached here, and
// runs whatever CUSTOM_FPM_PATH names instead (app-builder-lib/out/toolsets/linux.js). It takes the arguments
// electron-builder's FpmTarget passes, as fpm documents them (-s dir -t deb, --name, --version, --architecture,
// --maintainer, --vendor, --url, --description, --license, --iteration, --category, --deb-priority,
// --deb-compression, --after-install, --after-remove, -d, --deb-recommends, -p/--package, source=destination
// paths), lays the files out as fpm does and builds a real .deb with dpkg-deb. Only `-s dir -t deb` is supported.
//   STAND_IN_RECORD=file: write the arguments it was given there, as JSON, for the test to check
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const fail = (message) => {
  process.stderr.write(`fpm stand-in: ${message}\n`);
  process.exit(1);
};

const args = process.argv.slice(2);
if (process.env.STAND_IN_RECORD) fs.writeFileSync(process.env.STAND_IN_RECORD, JSON.stringify(args));

const SWITCHES = new Set(['--force', '--debug']);
const REPEATED = new Set(['-d', '--depends', '--deb-recommends']);
const ALIASES = { '-s': '--input-type', '-t': '--output-type', '-p': '--package', '-n': '--name', '-v': '--version', '-a': '--architecture' };
const options = {};
const repeated = { '-d': [], '--deb-recommends': [] };
const mappings = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (SWITCHES.has(arg)) continue;
  if (REPEATED.has(arg)) repeated[arg === '--depends' ? '-d' : arg].push(args[++i]);
  else if (arg.startsWith('-')) options[ALIASES[arg] ?? arg] = args[++i];
  else mappings.push(arg);
}
if (options['--input-type'] !== 'dir' || options['--output-type'] !== 'deb') fail('only -s dir -t deb is supported');
for (const required of ['--name', '--version', '--architecture', '--package']) if (!options[required]) fail(`${required} is required`);
if (spawnSync('dpkg-deb', ['--version']).error) fail('dpkg-deb not found: install dpkg (sudo apt-get install dpkg)');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fpm-stand-in-'));
try {
  fs.chmodSync(root, 0o755);
  // fpm's dir source: "src/=dest" copies the folder's contents to dest, "file=dest" the file to that path.
  for (const mapping of mappings) {
    const at = mapping.lastIndexOf('=');
    if (at <= 0) fail(`not a source=destination path: ${mapping}`);
    const [source, destination] = [mapping.slice(0, at), path.join(root, mapping.slice(at + 1))];
    if (!fs.existsSync(source)) fail(`error: File not found: ${source}`);
    fs.mkdirSync(path.dirname(destination), { recursive: true, mode: 0o755 });
    fs.cpSync(source, destination, { recursive: true, verbatimSymlinks: true });
  }

  const control = path.join(root, 'DEBIAN');
  fs.mkdirSync(control, { mode: 0o755 });
  const du = spawnSync('du', ['-sk', '--exclude=DEBIAN', root], { encoding: 'utf8' });
  const [summary = '', ...details] = (options['--description'] ?? 'no description given').split('\n');
  const fields = [
    ['Package', options['--name']],
    ['Version', options['--iteration'] ? `${options['--version']}-${options['--iteration']}` : options['--version']],
    ['License', options['--license']],
    ['Vendor', options['--vendor']],
    ['Architecture', options['--architecture']],
    ['Maintainer', options['--maintainer']],
    ['Installed-Size', du.stdout.split('\t')[0]],
    ['Depends', repeated['-d'].join(', ')],
    ['Recommends', repeated['--deb-recommends'].join(', ')],
    ['Section', options['--category'] ?? 'default'],
    ['Priority', options['--deb-priority'] ?? 'optional'],
    ['Homepage', options['--url']],
    ['Description', [summary.trim(), ...details.map((line) => (line.trim() === '' ? ' .' : ` ${line.trim()}`))].join('\n')],
  ];
  const text = fields.filter(([, value]) => value).map(([name, value]) => `${name}: ${value}`);
  fs.writeFileSync(path.join(control, 'control'), `${text.join('\n')}\n`);
  for (const [option, script] of [
    ['--after-install', 'postinst'],
    ['--after-remove', 'postrm'],
  ]) {
    if (options[option]) fs.copyFileSync(options[option], path.join(control, script));
    if (options[option]) fs.chmodSync(path.join(control, script), 0o755);
  }

  const output = options['--package'];
  fs.rmSync(output, { force: true });
  const build = spawnSync('dpkg-deb', ['--root-owner-group', `-Z${options['--deb-compression'] ?? 'xz'}`, '--build', root, output], {
    encoding: 'utf8',
  });
  if (build.status !== 0) fail(`dpkg-deb --build failed: ${build.stderr}`);
  process.stdout.write(`{:timestamp=>"${new Date().toISOString()}", :message=>"Created package", :path=>"${output}"}\n`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
