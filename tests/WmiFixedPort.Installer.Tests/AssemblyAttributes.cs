using Microsoft.VisualStudio.TestTools.UnitTesting;

// The tests only read the .wxs files and evaluate them in memory, so methods can run in parallel.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
