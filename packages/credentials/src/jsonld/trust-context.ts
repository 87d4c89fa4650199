/** The JSON-LD context of Carepass trust registries, bundled so registries verify offline. */
export const TRUST_REGISTRY_CONTEXT = 'https://w3id.org/carepass/contexts/trust-registry/v1';

const VOCAB = 'https://w3id.org/carepass/vocab#';

/** The trust registry context document. */
export const TRUST_REGISTRY_CONTEXT_DOCUMENT = {
  '@context': {
    '@protected': true,
    TrustRegistryCredential: `${VOCAB}TrustRegistryCredential`,
    TrustRegistry: {
      '@id': `${VOCAB}TrustRegistry`,
      '@context': {
        '@protected': true,
        id: '@id',
        type: '@type',
        name: 'https://schema.org/name',
        trustedIssuer: { '@id': `${VOCAB}trustedIssuer`, '@container': '@set' },
      },
    },
    TrustedIssuer: {
      '@id': `${VOCAB}TrustedIssuer`,
      '@context': {
        '@protected': true,
        id: '@id',
        type: '@type',
        name: 'https://schema.org/name',
        accreditation: `${VOCAB}accreditation`,
        scope: { '@id': `${VOCAB}scope`, '@container': '@set' },
        role: `${VOCAB}role`,
        trustedFrom: { '@id': `${VOCAB}trustedFrom`, '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' },
        trustedUntil: { '@id': `${VOCAB}trustedUntil`, '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' },
      },
    },
  },
} as const;
