// PalisadeCLI
