import { appNotebookStore } from '$lib/server/appNotebookStore';
import { storeResponse } from '$lib/server/notebookResponse';
import type { RequestHandler } from './$types';

/** 200 `{ name, text, version, modified }`: the most recently deleted copy of `name`, back in place */
export const POST: RequestHandler = async ({ params }) => {
	return storeResponse(await appNotebookStore().restore(params.name));
};
