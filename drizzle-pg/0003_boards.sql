CREATE TABLE "boards" (
	"slug" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"version" bigint NOT NULL,
	"json" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
