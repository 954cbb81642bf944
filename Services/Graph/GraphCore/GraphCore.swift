// GraphCore
