using System.Threading.Tasks;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS303_DeveloperMachineDataPathTests
{
    private const string House = """

        public class House { [Microsoft.ML.Data.LoadColumn(0)] public float Size; [Microsoft.ML.Data.LoadColumn(1)] public float Price; }
        """;

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData(@"@""C:\Users\alice\data\houses.csv""")]
    [InlineData(@"""C:\\Users\\alice\\Desktop\\houses.csv""")]
    [InlineData(@"@""c:/users/alice/houses.csv""")]
    [InlineData(@"@""C:\Documents and Settings\bob\houses.csv""")]
    [InlineData(@"""/home/alice/datasets/houses.csv""")]
    [InlineData(@"""/Users/alice/Downloads/houses.csv""")]
    [InlineData(@"@""D:\Downloads\houses.csv""")]
    [InlineData(@"""/mnt/c/Desktop/houses.csv""")]
    public Task LiteralPathInLoadFromTextFile(string path)
        => Verify<DeveloperMachineDataPathAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public class Trainer
            {
                public IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<House>({|MLOPS303:{{path}}|}, separatorChar: ',');
            }
            """ + House);

    [Fact]
    public Task MessageNamesThePath()
        => Verify<DeveloperMachineDataPathAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Trainer
            {
                public IDataView Load(MLContext ml) => ml.Data.LoadFromBinary("/home/alice/houses.idv");
            }
            """,
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerWarning("MLOPS303")
                .WithSpan(5, 67, 5, 91)
                .WithArguments("/home/alice/houses.idv"));

    [Theory]
    [InlineData("ml.Data.LoadFromBinary({|MLOPS303:path|})")]
    [InlineData("ml.Data.LoadFromTextFile({|MLOPS303:path|}, new[] { new TextLoader.Column(\"Size\", DataKind.Single, 0) })")]
    [InlineData("ml.Data.LoadFromSvmLightFile({|MLOPS303:path|})")]
    [InlineData("ml.Data.CreateTextLoader<House>(separatorChar: ',').Load({|MLOPS303:path|})")]
    [InlineData("ml.Data.CreateTextLoader<House>(separatorChar: ',').Load(\"data/ok.csv\", {|MLOPS303:path|})")]
    [InlineData("ml.Data.CreateTextLoader<House>(separatorChar: ',').Load(new MultiFileSource({|MLOPS303:path|}))")]
    public Task EveryFileLoader(string load)
        => Verify<DeveloperMachineDataPathAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;
            using Microsoft.ML.Data;

            public class Trainer
            {
                public IDataView Load(MLContext ml)
                {
                    var path = @"C:\Users\alice\houses.csv";
                    return {{load}};
                }
            }
            """ + House);

    [Theory]
    [InlineData("const string Root = @\"C:\\Users\\alice\\\"; IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<House>({|MLOPS303:Root + \"houses.csv\"|});")]
    [InlineData("IDataView Load(MLContext ml, string name) => ml.Data.LoadFromTextFile<House>({|MLOPS303:$\"/home/alice/data/{name}.csv\"|});")]
    [InlineData("IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<House>({|MLOPS303:Path.Combine(@\"C:\\Users\\alice\\data\", \"houses.csv\")|});")]
    [InlineData("IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<House>({|MLOPS303:Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.Desktop), \"houses.csv\")|});")]
    [InlineData("IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<House>({|MLOPS303:Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), \"data\", \"houses.csv\")|});")]
    [InlineData("const string DataFile = \"/Users/alice/houses.csv\"; IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<House>({|MLOPS303:DataFile|});")]
    public Task PathsBuiltFromAMachineSpecificRoot(string members)
        => Verify<DeveloperMachineDataPathAnalyzer>.AnalyzerAsync($$"""
            using System;
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                {{members}}
            }
            """ + House);

    [Theory]
    [InlineData("ml.Data.LoadFromEnumerable(File.ReadAllLines({|MLOPS303:path|}).Select(Parse))")]
    [InlineData("ml.Data.LoadFromEnumerable(File.ReadLines({|MLOPS303:path|}).Skip(1).Select(Parse).ToList())")]
    public Task FileReadsFeedingLoadFromEnumerable(string load)
        => Verify<DeveloperMachineDataPathAnalyzer>.AnalyzerAsync($$"""
            using System.IO;
            using System.Linq;
            using Microsoft.ML;

            public class Trainer
            {
                public IDataView Load(MLContext ml)
                {
                    var path = "/home/alice/houses.csv";
                    return {{load}};
                }

                private static House Parse(string line) => new House { Size = float.Parse(line) };
            }
            """ + House);

    [Fact]
    public Task FileReadThroughLocalsIntoLoadFromEnumerable()
        => Verify<DeveloperMachineDataPathAnalyzer>.AnalyzerAsync("""
            using System.IO;
            using System.Linq;
            using Microsoft.ML;

            public class Trainer
            {
                public IDataView Load(MLContext ml)
                {
                    var lines = File.ReadAllLines({|MLOPS303:@"C:\Users\alice\Downloads\houses.csv"|});
                    var rows = lines.Skip(1).Select(l => new House { Size = float.Parse(l) });
                    return ml.Data.LoadFromEnumerable(rows);
                }
            }
            """ + House);

    [Fact]
    public Task TopLevelProgram()
        => Verify<DeveloperMachineDataPathAnalyzer>.ProgramAsync("""
            using Microsoft.ML;

            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromTextFile<House>({|MLOPS303:@"C:\Users\alice\source\repos\Prices\houses.csv"|}, hasHeader: true);
            """ + House);

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("\"data/houses.csv\"")]
    [InlineData("\"houses.csv\"")]
    [InlineData("@\"D:\\datasets\\houses.csv\"")]
    [InlineData("\"/data/houses.csv\"")]
    [InlineData("\"/var/lib/ml/houses.csv\"")]
    [InlineData("\"/home.csv\"")]
    [InlineData("\"Users/alice/houses.csv\"")]
    [InlineData("\"Desktop/houses.csv\"")]
    [InlineData("@\"\\\\fileserver\\share\\houses.csv\"")]
    [InlineData("path")]
    [InlineData("Path.Combine(root, \"houses.csv\")")]
    [InlineData("Path.Combine(AppContext.BaseDirectory, \"Data\", \"houses.csv\")")]
    [InlineData("Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), \"houses.csv\")")]
    [InlineData("Environment.GetEnvironmentVariable(\"DATA\") ?? \"/home/alice/houses.csv\"")]
    public Task PortablePaths(string path)
        => Verify<DeveloperMachineDataPathAnalyzer>.AnalyzerAsync($$"""
            using System;
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                public IDataView Load(MLContext ml, string path, string root)
                    => ml.Data.LoadFromTextFile<House>({{path}});
            }
            """ + House);

    [Fact]
    public Task ReassignedLocalIsNotTraced()
        => Verify<DeveloperMachineDataPathAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Trainer
            {
                public IDataView Load(MLContext ml, bool ci)
                {
                    var path = "/home/alice/houses.csv";
                    if (ci) path = "data/houses.csv";
                    return ml.Data.LoadFromTextFile<House>(path);
                }
            }
            """ + House);

    [Fact]
    public Task DeveloperPathsThatAreNotDataLoads()
        => Verify<DeveloperMachineDataPathAnalyzer>.AnalyzerAsync("""
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                public void Run(MLContext ml, ITransformer model, IDataView data)
                {
                    File.WriteAllText("/home/alice/log.txt", "done");
                    var notes = File.ReadAllText("/home/alice/notes.txt");
                    System.Console.WriteLine(notes);
                    ml.Model.Save(model, data.Schema, @"C:\Users\alice\model.zip");
                    var loader = new Loader();
                    loader.LoadFromTextFile("/home/alice/houses.csv");
                }
            }

            public class Loader { public void LoadFromTextFile(string path) { } }
            """);

    [Fact]
    public Task GeneratedCodeIsSkipped()
        => Verify<DeveloperMachineDataPathAnalyzer>.AnalyzerAsync("""
            // <auto-generated/>
            using Microsoft.ML;

            public class Generated
            {
                public IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<House>("/home/alice/houses.csv");
            }
            """ + House);

    [Fact]
    public Task NoMlNetReference()
        => Verify<DeveloperMachineDataPathAnalyzer>.WithoutMlNetAsync("""
            public class Catalog { public object LoadFromTextFile<T>(string path) => null; }
            public class MLContext { public Catalog Data { get; } = new Catalog(); }
            public class Job { public object Run(MLContext ml) => ml.Data.LoadFromTextFile<int>(@"C:\Users\alice\houses.csv"); }
            """);

    [Theory]
    [InlineData("ml.Data.LoadFromTextFile<House>(@\"C:\\Users\\")]
    [InlineData("ml.Data.LoadFromTextFile<House>(")]
    [InlineData("ml.Data.LoadFromTextFile<House>(\"/home/alice/h.csv\", ")]
    [InlineData("ml.Data.LoadFromTextFile<House>({|MLOPS303:\"/home/alice/h.csv\"|}, hasHeader: true)")]
    [InlineData("ml.Data.LoadFromEnumerable(File.ReadAllLines(\"/home/alice/h.csv\").Select(")]
    [InlineData("ml.Data.LoadFromBinary(path: )")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<DeveloperMachineDataPathAnalyzer>.IncompleteCodeAsync($$"""
            using System.IO;
            using System.Linq;
            using Microsoft.ML;

            public class Typing
            {
                public void Load(MLContext ml)
                {
                    var data = {{body}}
                }
            }
            """ + House);

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixResolvesAgainstTheDataRoot_KeepingTheRelativePart_FixAll()
        => Verify<DeveloperMachineDataPathAnalyzer>.CodeFixAsync<DeveloperMachineDataPathCodeFix>("""
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                public IDataView Load(MLContext ml)
                {
                    var houses = ml.Data.LoadFromTextFile<House>({|MLOPS303:@"C:\Users\alice\Desktop\prices\houses.csv"|} /* latest */, separatorChar: ',');
                    var path = "/home/alice/data/extra.csv";
                    var extra = ml.Data.LoadFromTextFile<House>({|MLOPS303:path|});
                    var more = ml.Data.LoadFromTextFile<House>({|MLOPS303:Path.Combine("/Users/alice/Downloads", "more.csv")|});
                    return ml.Data.LoadFromBinary({|MLOPS303:"/home/alice"|});
                }
            }
            """ + House, """
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                public IDataView Load(MLContext ml)
                {
                    var houses = ml.Data.LoadFromTextFile<House>(Path.Combine(System.Environment.GetEnvironmentVariable("MLOPS_DATA_ROOT") ?? throw new System.InvalidOperationException("Set the MLOPS_DATA_ROOT environment variable to the folder that holds the data."), "prices", "houses.csv") /* latest */, separatorChar: ',');
                    var path = Path.Combine(System.Environment.GetEnvironmentVariable("MLOPS_DATA_ROOT") ?? throw new System.InvalidOperationException("Set the MLOPS_DATA_ROOT environment variable to the folder that holds the data."), "data", "extra.csv");
                    var extra = ml.Data.LoadFromTextFile<House>(path);
                    var more = ml.Data.LoadFromTextFile<House>(Path.Combine(System.Environment.GetEnvironmentVariable("MLOPS_DATA_ROOT") ?? throw new System.InvalidOperationException("Set the MLOPS_DATA_ROOT environment variable to the folder that holds the data."), "more.csv"));
                    return ml.Data.LoadFromBinary(System.Environment.GetEnvironmentVariable("MLOPS_DATA_ROOT") ?? throw new System.InvalidOperationException("Set the MLOPS_DATA_ROOT environment variable to the folder that holds the data."));
                }
            }
            """ + House);

    [Fact]
    public Task FixUsesTheConfiguredVariableAndShortNamesWhenImported()
        => Verify<DeveloperMachineDataPathAnalyzer>.CodeFixAsync<DeveloperMachineDataPathCodeFix>("""
            using System;
            using System.IO;
            using Microsoft.ML;

            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromTextFile<House>({|MLOPS303:"/home/alice/houses.csv"|});
            """ + House, """
            using System;
            using System.IO;
            using Microsoft.ML;

            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromTextFile<House>(Path.Combine(Environment.GetEnvironmentVariable("PRICES_DATA") ?? throw new InvalidOperationException("Set the PRICES_DATA environment variable to the folder that holds the data."), "houses.csv"));
            """ + House,
            editorConfig: "root = true\n[*.cs]\nmlops.MLOPS303.data_root_variable = PRICES_DATA\n",
            program: true);

    [Fact]
    public Task FixAllWithOnePathLoadedTwice()
        => Verify<DeveloperMachineDataPathAnalyzer>.CodeFixAsync<DeveloperMachineDataPathCodeFix>("""
            using System;
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                public void Load(MLContext ml)
                {
                    var path = @"C:\Users\alice\houses.csv";
                    var train = ml.Data.LoadFromTextFile<House>({|MLOPS303:path|});
                    var again = ml.Data.LoadFromTextFile<House>({|MLOPS303:path|}, hasHeader: true);
                }
            }
            """ + House, """
            using System;
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                public void Load(MLContext ml)
                {
                    var path = Path.Combine(Environment.GetEnvironmentVariable("MLOPS_DATA_ROOT") ?? throw new InvalidOperationException("Set the MLOPS_DATA_ROOT environment variable to the folder that holds the data."), "houses.csv");
                    var train = ml.Data.LoadFromTextFile<House>(path);
                    var again = ml.Data.LoadFromTextFile<House>(path, hasHeader: true);
                }
            }
            """ + House);

    [Theory]
    [InlineData("const string path = \"/home/alice/houses.csv\"; const string copy = path; var data = ml.Data.LoadFromTextFile<House>({|MLOPS303:path|});")]
    [InlineData("const string path = \"/home/alice/houses.csv\"; switch (name) { case path: break; } var data = ml.Data.LoadFromTextFile<House>({|MLOPS303:path|});")]
    [InlineData("var data = ml.Data.LoadFromTextFile<House>({|MLOPS303:Shared|});")]
    [InlineData("var data = ml.Data.LoadFromTextFile<House>({|MLOPS303:InAttribute|});")]
    [InlineData("var data = ml.Data.LoadFromTextFile<House>({|MLOPS303:\"/home/alice/\" + name|});")]
    [InlineData("var data = ml.Data.LoadFromTextFile<House>({|MLOPS303:$\"/home/alice/{name}\"|});")]
    [InlineData("var data = ml.Data.LoadFromTextFile<House>({|MLOPS303:Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.Desktop), name)|});")]
    [InlineData("var data = ml.Data.LoadFromTextFile<House>({|MLOPS303:Constant + name|});")]
    public Task NoFixWhereTheResultWouldNotBeOneReplaceableLiteral(string statements)
    {
        var source = $$"""
            using System;
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                private const string Constant = "/Users/alice/houses.csv";
                internal const string Shared = "/Users/alice/houses.csv";
                private const string InAttribute = "/Users/alice/houses.csv";

                [Obsolete(InAttribute)]
                public void Load(MLContext ml, string name)
                {
                    {{statements}}
                }
            }
            """ + House;
        return Verify<DeveloperMachineDataPathAnalyzer>.CodeFixAsync<DeveloperMachineDataPathCodeFix>(source, source);
    }

    [Fact]
    public Task ConstantLocalAndPrivateConstantFieldStopBeingConstants_FixAll()
        => Verify<DeveloperMachineDataPathAnalyzer>.CodeFixAsync<DeveloperMachineDataPathCodeFix>("""
            using System;
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                // Where the training data is.
                private const string HousesFile = @"C:\Users\alice\data\houses.csv";

                public IDataView Load(MLContext ml)
                {
                    const string extraFile = "/home/alice/data/extra.csv"; // second set
                    var extra = ml.Data.LoadFromTextFile<House>({|MLOPS303:extraFile|});
                    var again = ml.Data.LoadFromTextFile<House>({|MLOPS303:extraFile|}, hasHeader: true);
                    Console.WriteLine($"Loading {nameof(HousesFile)}");
                    return ml.Data.LoadFromTextFile<House>({|MLOPS303:HousesFile|});
                }
            }
            """ + House, """
            using System;
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                // Where the training data is.
                private static string HousesFile => Path.Combine(Environment.GetEnvironmentVariable("MLOPS_DATA_ROOT") ?? throw new InvalidOperationException("Set the MLOPS_DATA_ROOT environment variable to the folder that holds the data."), "data", "houses.csv");

                public IDataView Load(MLContext ml)
                {
                    string extraFile = Path.Combine(Environment.GetEnvironmentVariable("MLOPS_DATA_ROOT") ?? throw new InvalidOperationException("Set the MLOPS_DATA_ROOT environment variable to the folder that holds the data."), "data", "extra.csv"); // second set
                    var extra = ml.Data.LoadFromTextFile<House>(extraFile);
                    var again = ml.Data.LoadFromTextFile<House>(extraFile, hasHeader: true);
                    Console.WriteLine($"Loading {nameof(HousesFile)}");
                    return ml.Data.LoadFromTextFile<House>(HousesFile);
                }
            }
            """ + House);
}
