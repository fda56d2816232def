import { parse } from 'graphql';
import { products as all } from './data.ts';

export const products = {
  name: 'products',
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { topProducts(first: Int = 5): [Product] }
    type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }
  `),
  resolvers: {
    Query: { topProducts: (_: unknown, { first }: { first: number }) => all.slice(0, first) },
    Product: { __resolveReference: ({ upc }: { upc: string }) => all.find((p) => p.upc === upc) },
  },
};
