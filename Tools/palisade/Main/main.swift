import PalisadeCLI

await Palisade.runMain()
