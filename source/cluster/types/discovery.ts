// discovery.k8s.io/v1: EndpointSlices.
import type {KObject} from './meta.js';
import type {ObjectReference} from './core.js';

export interface EndpointConditions {
	ready?: boolean;
	serving?: boolean;
	terminating?: boolean;
}

/** One endpoint of a slice (discovery/v1 Endpoint). */
export interface EndpointSliceEndpoint {
	addresses: string[];
	conditions?: EndpointConditions;
	hostname?: string;
	targetRef?: ObjectReference;
	nodeName?: string;
	zone?: string;
}

/** A port of a slice (discovery/v1 EndpointPort). */
export interface EndpointSlicePort {
	name?: string;
	protocol?: 'TCP' | 'UDP' | 'SCTP';
	port?: number;
	appProtocol?: string;
}

export interface EndpointSlice extends KObject {
	kind: 'EndpointSlice';
	addressType: 'IPv4' | 'IPv6' | 'FQDN';
	endpoints: EndpointSliceEndpoint[];
	ports?: EndpointSlicePort[];
}
