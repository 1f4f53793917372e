// networking.k8s.io/v1: Ingresses, IngressClasses and NetworkPolicies.
import type {KObject, LabelSelector} from './meta.js';
import type {LoadBalancerIngress} from './core.js';

export interface IngressServiceBackend {
	name: string;
	port?: {number?: number; name?: string};
}

export interface IngressBackend {
	service?: IngressServiceBackend;
	resource?: {apiGroup?: string; kind: string; name: string};
}

export interface HTTPIngressPath {
	path?: string;
	pathType?: 'Exact' | 'Prefix' | 'ImplementationSpecific' | string;
	backend: IngressBackend;
}

export interface IngressRule {
	host?: string;
	http?: {paths: HTTPIngressPath[]};
}

export interface IngressTLS {
	hosts?: string[];
	secretName?: string;
}

export interface IngressSpec {
	ingressClassName?: string;
	defaultBackend?: IngressBackend;
	tls?: IngressTLS[];
	rules?: IngressRule[];
}

export interface IngressStatus {
	loadBalancer?: {ingress?: LoadBalancerIngress[]};
}

export interface Ingress extends KObject {
	kind: 'Ingress';
	spec?: IngressSpec;
	status?: IngressStatus;
}

export interface NetworkPolicyPort {
	protocol?: string;
	port?: number | string;
	endPort?: number;
}

export interface NetworkPolicyPeer {
	podSelector?: LabelSelector;
	namespaceSelector?: LabelSelector;
	ipBlock?: {cidr: string; except?: string[]};
}

export interface NetworkPolicySpec {
	podSelector?: LabelSelector;
	ingress?: Array<{ports?: NetworkPolicyPort[]; from?: NetworkPolicyPeer[]}>;
	egress?: Array<{ports?: NetworkPolicyPort[]; to?: NetworkPolicyPeer[]}>;
	policyTypes?: string[];
}

export interface NetworkPolicy extends KObject {
	kind: 'NetworkPolicy';
	spec?: NetworkPolicySpec;
}

export interface IngressClassSpec {
	controller?: string;
	parameters?: {apiGroup?: string; kind: string; name: string; scope?: string; namespace?: string};
}

export interface IngressClass extends KObject {
	kind: 'IngressClass';
	spec?: IngressClassSpec;
}
