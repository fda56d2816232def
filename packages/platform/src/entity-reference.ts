/** An entity another subgraph owns, as this one returns it: its key, which the owner resolves through the gateway. */
export interface EntityReference<Typename extends string> {
  __typename?: Typename;
  id: string;
}
