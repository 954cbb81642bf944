// ExportCore
