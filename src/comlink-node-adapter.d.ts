// comlink ships its Node adapter as an .mjs file with typings under the .d.ts name; point TS at them.
declare module 'comlink/dist/esm/node-adapter.mjs' {
	import nodeEndpoint from 'comlink/dist/esm/node-adapter';
	export default nodeEndpoint;
}
