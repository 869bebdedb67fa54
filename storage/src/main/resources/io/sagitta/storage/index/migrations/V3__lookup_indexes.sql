-- instance.blob_key: the orphan sweeper asks, page by page, which listed blobs a row points at.
CREATE INDEX instance_blob_key ON instance (blob_key);
