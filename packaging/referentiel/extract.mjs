// Extracts the official list of communes, EPCI (with their member communes), départements and
// régions from Etalab's @etalab/decoupage-administratif (pinned in package-lock.json) into the
// compact file the application ships: resources/referentiel/decoupage-administratif.json.gz.
//
// Build time only: the application reads the extracted file and never needs the network.
// Reproducible: same package version => byte-identical output (sorted rows, gzip without a
// timestamp). Run:  npm ci && npm run extract   (from packaging/referentiel/)
import {readFileSync, writeFileSync, renameSync, mkdirSync} from 'node:fs';
import {gzipSync, constants} from 'node:zlib';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve('@etalab/decoupage-administratif/package.json'));
const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(path.join(here, 'package-lock.json'), 'utf8'));
const locked = lock.packages['node_modules/@etalab/decoupage-administratif'];
if (locked.version !== pkg.version) {
  throw new Error(`installed ${pkg.version} but package-lock.json pins ${locked.version}: run npm ci`);
}

const data = name => JSON.parse(readFileSync(path.join(pkgDir, 'data', `${name}.json`), 'utf8'));
const byCode = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

const regions = data('regions').map(r => [r.code, r.nom]).sort(byCode);
const departements = data('departements').map(d => [d.code, d.nom, d.region]).sort(byCode);

const all = data('communes');
const actuelles = all.filter(c => c.type === 'commune-actuelle');
const actuelleCodes = new Set(actuelles.map(c => c.code));
// [code INSEE, nom, département, SIREN ('' when the source has none: a few overseas communes)]
const communes = actuelles.map(c => [c.code, c.nom, c.departement, c.siren || '']).sort(byCode);
// Paris, Lyon, Marseille: [code INSEE of the arrondissement, nom, code of the commune]
const arrondissements = all.filter(c => c.type === 'arrondissement-municipal')
  .map(c => [c.code, c.nom, c.commune]).sort(byCode);
// Former communes (déléguées, associées) whose code is no longer a commune's:
// [code, nom, 'deleguee' | 'associee', code of the commune they belong to now]
const seen = new Set();
const anciennes = [];
for (const c of all) {
  if (c.type !== 'commune-deleguee' && c.type !== 'commune-associee') continue;
  if (actuelleCodes.has(c.code) || seen.has(c.code)) continue;
  seen.add(c.code);
  anciennes.push([c.code, c.nom, c.type === 'commune-deleguee' ? 'deleguee' : 'associee', c.chefLieu]);
}
anciennes.sort(byCode);

// EPCI à fiscalité propre and the établissements publics territoriaux of the Métropole du Grand
// Paris: [SIREN, nom, type (CC, CA, CU, METRO, MET69, EPT), [codes INSEE of the members]]
const groupements = [...data('epci'), ...data('ept')]
  .map(e => [e.code, e.nom, e.type, e.membres.map(m => m.code).sort()]).sort(byCode);

const table = {
  format: 'socle-referentiel',
  version_format: 1,
  source: {
    paquet: pkg.name,
    version: pkg.version,
    integrite: locked.integrity,
    licence: 'Licence Ouverte 2.0 (Etalab) pour les données ; MIT pour le code du paquet',
    adresse: 'https://github.com/datagouv/decoupage-administratif',
  },
  coordonnees: 'absentes : le paquet ne donne pas le centre des communes',
  colonnes: {
    regions: ['code', 'nom'],
    departements: ['code', 'nom', 'region'],
    communes: ['code_insee', 'nom', 'departement', 'siren'],
    arrondissements_municipaux: ['code_insee', 'nom', 'commune'],
    anciennes_communes: ['code_insee', 'nom', 'statut', 'commune'],
    groupements: ['siren', 'nom', 'type', 'membres'],
  },
  regions,
  departements,
  communes,
  arrondissements_municipaux: arrondissements,
  anciennes_communes: anciennes,
  groupements,
};

// SOCLE_REFERENTIEL_OUT: another folder (the reproducibility test writes there).
const outDir = process.env.SOCLE_REFERENTIEL_OUT || path.resolve(here, '..', '..', 'resources', 'referentiel');
mkdirSync(outDir, {recursive: true});
const out = path.join(outDir, 'decoupage-administratif.json.gz');
const bytes = gzipSync(Buffer.from(JSON.stringify(table), 'utf8'), {level: constants.Z_BEST_COMPRESSION});
bytes[9] = 255; // gzip header "OS" byte: "unknown" on every platform, so the file is the same everywhere
writeFileSync(out + '.tmp', bytes);
renameSync(out + '.tmp', out);
console.log(`${out}: ${bytes.length} octets — ${communes.length} communes, ${groupements.length} groupements, `
  + `${departements.length} départements, ${regions.length} régions (${pkg.name} ${pkg.version})`);
