import { v7, validate } from 'uuid';

/** Time-ordered UUID v7: the external id of every document and event. */
export const newId = (): string => v7();

export const isId = (value: string): boolean => validate(value);
