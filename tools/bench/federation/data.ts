// The workload's static data: six users, nine products, eleven reviews with bodies of a few
// hundred characters (the responses are mostly review text), every review by the first user.

export interface User { id: string; name: string; username: string; birthday: number }
export interface Product { upc: string; name: string; price: number; weight: number }
export interface Review { id: string; body: string; productUpc: string }

export const users: User[] = [
  ['Ada Lindqvist', 'ada'], ['Bram de Vries', 'bram'], ['Chidi Nwosu', 'chidi'],
  ['Dana Petrova', 'dana'], ['Emil Sørensen', 'emil'], ['Farah Aziz', 'farah'],
].map(([name, username], i) => ({ id: String(i + 1), name: name!, username: username!, birthday: 946684800 + i * 86_400 }));

export const products: Product[] = (
  [['Desk', 899, 100], ['Sofa', 1299, 1000], ['Mug', 15, 20], ['Stool', 499, 100], ['Monitor', 1299, 1000],
    ['Floor lamp', 6999, 300], ['Barbecue', 3999, 2000], ['Freezer', 100000, 6000], ['Armchair', 9999, 800]] as const
).map(([name, price, weight], i) => ({ upc: String(i + 1), name, price, weight }));

const sentence = 'The product arrived on time, well packed, and does exactly what the listing promised; assembly took a few minutes and nothing was missing. ';
const body = (length: number) => sentence.repeat(Math.ceil(length / sentence.length)).slice(0, length);

/** Review lengths and products as in the workload: four reviews of the first product, four of the second. */
export const reviews: Review[] = (
  [[445, '1'], [280, '1'], [270, '1'], [140, '1'], [445, '2'], [280, '2'], [270, '2'], [140, '2'], [140, '3'], [140, '4'], [870, '4']] as const
).map(([length, productUpc], i) => ({ id: String(i + 1), body: body(length), productUpc }));

/** Every review's author is the first user; a user's reviews are the first two (as in the workload). */
export const AUTHOR = users[0]!;
export const reviewsOfAnyUser = reviews.slice(0, 2);
