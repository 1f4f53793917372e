// The real kubectl against the eks profile served as `kubesim serve --profile eks` does it:
// the nodes with their instance types, and the autoscaler's status ConfigMap.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {runKubectl} from './run-kubectl.js';
import {dirname} from 'node:path';
import {serveDemo, type Served} from '../served.js';
import {describeWithTool, kubectlTool} from '../tools.js';

let served: Served;
let dir: string;

async function ok(...args: string[]): Promise<string> {
	const r = await runKubectl(dir, args);
	if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
	return r.stdout;
}

describeWithTool(kubectlTool, 'kubectl against kubesim serve --profile eks', () => {
	beforeAll(async () => {
		served = await serveDemo({seed: 1, profile: 'eks'});
		dir = dirname(served.kubeconfig);
	});

	afterAll(async () => {
		await served?.close();
	});

	it('get nodes -L node.kubernetes.io/instance-type lists the node group\'s m5.large nodes', async () => {
		const out = await ok('get', 'nodes', '-L', 'node.kubernetes.io/instance-type', '-L', 'eks.amazonaws.com/nodegroup');
		const lines = out.trim().split('\n');
		expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INSTANCE-TYPE\s+NODEGROUP$/);
		expect(lines.length).toBe(3);
		for (const l of lines.slice(1)) expect(l).toMatch(/^ip-192-168-\d+-\d+\.ec2\.internal\s+Ready\s+<none>\s+\S+\s+v1\.32\.0-eks-aeac579\s+m5\.large\s+ng-general$/);
	});

	it('kube-system holds aws-node, kube-proxy, coredns and the cluster-autoscaler, and its status ConfigMap', async () => {
		const ds = await ok('get', 'daemonsets', '-n', 'kube-system', '-o', 'name');
		expect(ds.trim().split('\n').sort()).toEqual(['daemonset.apps/aws-node', 'daemonset.apps/kube-proxy']);
		const deploys = await ok('get', 'deployments', '-n', 'kube-system', '-o', 'name');
		expect(deploys.trim().split('\n').sort()).toEqual(['deployment.apps/cluster-autoscaler', 'deployment.apps/coredns']);
		const status = await ok('get', 'configmap', 'cluster-autoscaler-status', '-n', 'kube-system', '-o', 'jsonpath={.data.status}');
		expect(status).toContain('autoscalerStatus: Running');
		expect(status).toContain('- name: ng-general');
		expect(status).toContain('cloudProviderTarget: 2');
	});

	it('a LoadBalancer Service shows its ELB hostname as EXTERNAL-IP once the ELB is up', async () => {
		served.cluster.apply('apiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  type: LoadBalancer\n  selector: {app: shop}\n  ports: [{port: 80}]\n');
		let out = await ok('get', 'service', 'shop');
		expect(out.split('\n')[1]).toMatch(/^shop\s+LoadBalancer\s+\S+\s+<pending>\s+80:\d+\/TCP/);
		served.cluster.advance(30_000);
		out = await ok('get', 'service', 'shop', '-o', 'jsonpath={.status.loadBalancer.ingress[0].hostname}');
		expect(out).toMatch(/^a[0-9a-f]{31}-\d{10}\.us-east-1\.elb\.amazonaws\.com$/);
		out = await ok('get', 'service', 'shop');
		expect(out.split('\n')[1]).toMatch(/^shop\s+LoadBalancer\s+\S+\s+a[0-9a-f]{31}-\d{10}\.us-east-1\.elb\.amazonaws\.com\s+80:\d+\/TCP/);
	});
});
