import { composeServices } from '@apollo/composition';
import { accounts } from './accounts.ts';
import { inventory } from './inventory.ts';
import { products } from './products.ts';
import { reviews } from './reviews.ts';

/** The workload's four subgraphs, in the order they start. */
export const subgraphs = [accounts, inventory, products, reviews];

/** The supergraph of the four, composed now, pointing at where each one listens. */
export function composeSupergraph(urls: Record<string, string>): string {
  const result = composeServices(subgraphs.map(({ name, typeDefs }) => ({ name, typeDefs, url: urls[name] })));
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}

/** The workload's query: every user's reviews' products' reviews' authors' reviews, and the same from the top products. */
export const NESTED_QUERY = `
  fragment User on User { id username name }
  fragment Review on Review { id body }
  fragment Product on Product { inStock name price shippingEstimate upc weight }
  query TestQuery {
    users {
      ...User
      reviews { ...Review product { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } } }
    }
    topProducts {
      ...Product
      reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
    }
  }`;
