"""Materials as files: uploads, checks, storage, the library (免提交) and download links."""
