// AssessorCore
