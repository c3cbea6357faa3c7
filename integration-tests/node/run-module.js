// usage: node run-module.js MODEL.onnx INPUT.f32 DIM,DIM,DIM OUTPUT.f32
// Runs one exported module on little-endian float32 input and writes its output the same way.
const fs = require('fs');
const ort = require('onnxruntime-node');

async function main() {
  const [model, inputFile, dims, outputFile] = process.argv.slice(2);
  const shape = dims.split(',').map(Number);
  const bytes = fs.readFileSync(inputFile);
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const session = await ort.InferenceSession.create(model);
  const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, shape) });
  const out = result[session.outputNames[0]];
  fs.writeFileSync(outputFile, Buffer.from(out.data.buffer, out.data.byteOffset, out.data.byteLength));
  console.log(out.dims.join(','));
}
main().catch(e => { console.error(e); process.exit(1); });
