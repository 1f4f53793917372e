// `kubesim export [--state FILE | --manifests PATH] [--out FILE]`: the cluster a state file
// keeps (or the one manifests make) as multi-document YAML for `kubectl apply -f` and
// `--manifests`.
import {writeFileSync} from 'node:fs';
import {parseArgs} from 'node:util';
import {createCluster, type KObject} from '../cluster/index.js';
import {readManifests} from '../client/manifests.js';
import {exportedObjects, exportYaml, objectId} from '../verbs/export.js';
import {damageReport, readState} from './statefile.js';

export const EXPORT_HELP = `Usage:
  kubesim export [flags]   write the cluster's own objects as YAML that kubectl apply -f and
                           --manifests take back (what controllers and the bootstrap make is left out)

Flags:
  --state FILE      the cluster kept in this state file (see kubesim serve --state)
  --manifests PATH  the cluster these manifests make (default: the demo in manifests/)
  --out FILE        write to FILE instead of stdout
`;

/** The keys of what a new cluster creates by itself: left out of every export. */
export function bootstrapKeys(): Set<string> {
	const fresh = createCluster({events: false, metrics: false});
	return new Set([...fresh.image().objects].map(objectId));
}

/** The YAML of a cluster's objects. */
export function exportText(objects: Iterable<KObject>): string {
	return exportYaml(exportedObjects(objects, bootstrapKeys()));
}

export async function runExportCommand(argv: string[], defaultManifests: string): Promise<void> {
	const {values} = parseArgs({
		args: argv,
		allowPositionals: false,
		options: {
			state: {type: 'string'},
			manifests: {type: 'string'},
			out: {type: 'string'},
			help: {type: 'boolean', short: 'h'},
		},
	});
	if (values.help) {
		process.stdout.write(EXPORT_HELP);
		return;
	}
	if (values.state !== undefined && values.manifests !== undefined) throw new Error('export reads --state or --manifests, not both');
	let objects: Iterable<KObject>;
	if (values.state !== undefined) {
		const saved = readState(values.state);
		if (!saved) throw new Error(`${values.state}: no such state file`);
		const report = damageReport(values.state, saved);
		if (report) process.stderr.write(`kubesim: ${report.replace(' and cut the file there', '')}\n`);
		objects = saved.image.objects;
	} else {
		objects = createCluster({manifests: readManifests(values.manifests ?? defaultManifests), events: false}).image().objects;
	}
	const text = exportText(objects);
	if (values.out !== undefined) writeFileSync(values.out, text);
	else process.stdout.write(text);
}
