CREATE TABLE "cluster_instances" (
	"instance_id" text PRIMARY KEY NOT NULL,
	"heartbeat_at" bigint NOT NULL,
	"presence_version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cluster_presence" (
	"instance_id" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "cluster_presence_instance_id_name_pk" PRIMARY KEY("instance_id","name")
);
--> statement-breakpoint
ALTER TABLE "cluster_presence" ADD CONSTRAINT "cluster_presence_instance_id_cluster_instances_instance_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."cluster_instances"("instance_id") ON DELETE cascade ON UPDATE no action;