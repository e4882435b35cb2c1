/** The OpenSLO metadata annotations that carry what openslo/v1 has no field for (export and import share them). */
export const OPENSLO_ANNOTATION = { catalog: 'sloforge.dev/catalog', service: 'sloforge.dev/service', slo: 'sloforge.dev/slo' } as const;
