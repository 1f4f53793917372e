// The price list the bill is computed from: public on-demand list prices of one region, kept as
// data with the date they were checked. They are list prices, not a quote: no taxes, no
// discounts, no data transfer, storage or load balancer hours.

export interface PriceList {
	region: string;
	/** When the figures were checked against the public price pages (YYYY-MM-DD). */
	checked: string;
	currency: 'USD';
	/** The EKS control plane, per cluster and hour (standard support). */
	controlPlanePerHour: number;
	/** Fargate, per vCPU-hour and per GB-hour of the size a pod is given. */
	fargate: {vcpuHour: number; gbHour: number};
	/** EC2 on-demand, Linux, per instance-hour. */
	ec2: Readonly<Record<string, number>>;
	/** EC2 bills by the second with a minimum of one minute per instance. */
	minimumBilledSeconds: number;
}

export const PRICES: PriceList = {
	region: 'us-east-1',
	checked: '2026-12-02',
	currency: 'USD',
	controlPlanePerHour: 0.1,
	fargate: {vcpuHour: 0.04048, gbHour: 0.004445},
	ec2: {
		't3.small': 0.0208,
		't3.medium': 0.0416,
		't3.large': 0.0832,
		'm5.large': 0.096,
		'm5.xlarge': 0.192,
		'm5.2xlarge': 0.384,
		'c5.large': 0.085,
		'c5.xlarge': 0.17,
		'r5.large': 0.126,
	},
	minimumBilledSeconds: 60,
};
