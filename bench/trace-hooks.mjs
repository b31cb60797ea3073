// Module loader hooks (run on Node's hooks thread): append every loaded file URL
// to the file named in `data.out`.
import { appendFileSync } from "node:fs";

let out;
export function initialize(data) {
  out = data.out;
}
export async function load(url, context, nextLoad) {
  if (url.startsWith("file:")) appendFileSync(out, url + "\n");
  return nextLoad(url, context);
}
