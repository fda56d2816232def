import { parse } from 'graphql';

/** Which products are in stock, by UPC; price and weight come from products (@requires). */
const inStock = new Set(['1', '5', '6', '7', '9']);

export const inventory = {
  name: 'inventory',
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])
    type Product @key(fields: "upc") {
      upc: String!
      price: Int @external
      weight: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }
  `),
  resolvers: {
    Product: {
      __resolveReference: (ref: { upc: string; price?: number; weight?: number }) => ({ ...ref, inStock: inStock.has(ref.upc) }),
      // Free shipping above 1000; otherwise half the weight.
      shippingEstimate: ({ price, weight }: { price?: number; weight?: number }) =>
        price === undefined ? null : price > 1000 ? 0 : weight === undefined ? null : Math.round(weight / 2),
    },
  },
};
