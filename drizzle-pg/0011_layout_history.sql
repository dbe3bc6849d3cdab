CREATE TABLE "layout_history" (
	"board" text NOT NULL,
	"version" bigint NOT NULL,
	"json" text NOT NULL,
	"saved_at" bigint NOT NULL,
	CONSTRAINT "layout_history_board_version_pk" PRIMARY KEY("board","version")
);
