// The new kinds in the dashboard, from the registry alone: `:pv`, `:sc` and `:quota` open their
// tables with kubectl's columns.
import {afterEach, expect, it} from 'vitest';
import {KEYS, demoManifests, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

it('opens PersistentVolumes, StorageClasses and ResourceQuotas by their short names', async () => {
	const extra = {
		source: 'storage.yaml',
		text: `apiVersion: v1
kind: PersistentVolume
metadata:
  name: task-pv-volume
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  capacity:
    storage: 10Gi
  hostPath:
    path: /mnt/data
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: mem-cpu-demo
spec:
  hard:
    requests.cpu: "1"
    limits.memory: 2Gi
`,
	};
	h = await start({cluster: {manifests: [...demoManifests(), extra]}});
	await h.type(':pv');
	let f = await h.press(KEYS.enter);
	expect(f).toMatch(/persistentvolumes\(\)\[1\]/);
	expect(f).toMatch(/task-pv-volume\s+10Gi\s+RWO\s+Retain\s+Available\s+manual/);
	await h.type(':sc');
	f = await h.press(KEYS.enter);
	expect(f).toMatch(/storageclasses\(\)\[1\]/);
	expect(f).toMatch(/standard \(default\)\s+rancher\.io\/local-path\s+Delete\s+WaitForFirstConsumer/);
	await h.type(':quota');
	f = await h.press(KEYS.enter);
	expect(f).toMatch(/resourcequotas\(default\)\[1\]/);
	expect(f).toMatch(/mem-cpu-demo\s+\S+\s+requests\.cpu: \S+\/1\s+limits\.memory: \S+\/2Gi/);
});
