// Checks Kubernetes objects against the API's OpenAPI schemas (types, required fields, enums,
// formats) with the validators kubernetes-models ships, offline.
//   node infra/deploy-check/validate-k8s.mjs objects.json
// objects.json: a JSON array of objects, e.g. `kubectl kustomize infra/k8s/base` converted (the
// e2e-tests DeploymentFilesTests does this). Prints "valid <kind>/<name>" per object, or the
// errors; exits 1 on any error or on an apiVersion/kind it has no schema for.
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failures = 0;
for (const object of objects) {
  const id = `${object.apiVersion} ${object.kind}/${object.metadata?.name}`;
  // "apps/v1" -> kubernetes-models/apps/v1/Deployment; "v1" (core) -> kubernetes-models/v1/Service
  const module = `kubernetes-models/${object.apiVersion}/${object.kind}`;
  let model;
  try {
    model = (await import(module))[object.kind];
  } catch (e) {
    console.log(`no schema for ${id} (${module})`);
    failures++;
    continue;
  }
  try {
    new model(object).validate();
    console.log(`valid ${id}`);
  } catch (e) {
    console.log(`invalid ${id}: ${e.message}`);
    failures++;
  }
}
process.exit(failures ? 1 : 0);
