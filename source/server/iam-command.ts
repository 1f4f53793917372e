// `kubesim iam token`: what `aws eks get-token` is to a real EKS cluster, for the simulated one:
// a token for an IAM identity (any ARN: kubesim's STS takes the caller's word for who they are),
// printed as the ExecCredential a kubeconfig's exec plugin reads, or as the bare token.
import {parseArgs} from 'node:util';
import {execCredential, iamToken} from './iam.js';

export const IAM_HELP = `Usage:
  kubesim iam token --arn ARN [flags]   a token for an IAM identity of the eks profile

flags:
  --arn ARN            the IAM user or role, e.g. arn:aws:iam::111122223333:user/jane, or an
                       assumed role, arn:aws:sts::111122223333:assumed-role/ops/alice
  --cluster-name NAME  the EKS cluster the token is for (default kubesim)
  --region R           the STS region (default us-east-1)
  --output json|token  an ExecCredential for a kubeconfig's exec plugin (default), or the token

In a kubeconfig:
  users:
  - name: jane
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: kubesim
        args: [iam, token, --arn, "arn:aws:iam::111122223333:user/jane"]
`;

/** Runs `kubesim iam ...` with the arguments after `iam`. */
export function runIamCommand(argv: string[]): void {
	const {values, positionals} = parseArgs({
		args: argv,
		allowPositionals: true,
		options: {
			arn: {type: 'string'},
			'cluster-name': {type: 'string'},
			region: {type: 'string'},
			output: {type: 'string'},
			help: {type: 'boolean', short: 'h'},
		},
	});
	if (values.help || !positionals.length) {
		process.stdout.write(IAM_HELP);
		return;
	}
	if (positionals[0] !== 'token' || positionals.length > 1) throw new Error(`unknown command "iam ${positionals.join(' ')}"\n\n${IAM_HELP}`);
	if (!values.arn) throw new Error(`iam token needs --arn\n\n${IAM_HELP}`);
	const output = values.output ?? 'json';
	if (output !== 'json' && output !== 'token') throw new Error(`--output must be json or token, got "${output}"`);
	const t = iamToken({arn: values.arn, clusterName: values['cluster-name'], region: values.region});
	process.stdout.write(output === 'token' ? `${t.token}\n` : execCredential(t));
}
