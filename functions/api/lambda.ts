import { handle } from "hono/aws-lambda";
import { createApp } from "./app.ts";

/** API Gateway v2 / Function URL entrypoint. */
export const handler = handle(createApp());
