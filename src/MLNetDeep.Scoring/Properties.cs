using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("MLNetDeep")]
[assembly: InternalsVisibleTo("MLNetDeep.Tests")]
