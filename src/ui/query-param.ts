/** A query parameter of the page's own address (consent.html?promptId=..., picker.html?pickerId=...). */
export function queryParam(name: string, search: string = globalThis.location?.search ?? ''): string | null {
  const value = new URLSearchParams(search).get(name);
  return value === null || value === '' ? null : value;
}
