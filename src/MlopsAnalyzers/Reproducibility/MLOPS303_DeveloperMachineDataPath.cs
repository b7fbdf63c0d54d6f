using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Reproducibility;

/// <summary>
/// MLOPS303: data loaded from a path on a developer's machine (<see cref="DeveloperPaths"/>): the path argument of
/// ML.NET's file loaders (<c>LoadFromTextFile</c>, <c>LoadFromBinary</c>, <c>LoadFromSvmLightFile</c>, a text loader's
/// <c>Load</c>, <c>new MultiFileSource</c>), and <c>File.Read*</c>/<c>OpenRead</c>/<c>new StreamReader</c> whose
/// result feeds <c>LoadFromEnumerable</c>. Reported on the path argument.
/// </summary>
internal static class DeveloperMachineDataPathRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.DeveloperMachineDataPath,
        RuleCategories.Reproducibility,
        RuleLevel.BuildWarning,
        title: "Training data loaded from a developer-machine path",
        messageFormat: "Data is loaded from '{0}', a path on one developer's machine: the run cannot be repeated on another machine or in CI; resolve the path against a configurable data root",
        description: "A path under a user's home folder (C:\\Users\\..., /home/..., /Users/...), Desktop or Downloads exists on one machine only. Training that loads its data from there cannot be reproduced by a colleague, a build server or a scheduled retraining job. Read the data root from configuration or an environment variable and keep only the relative part in code.");

    /// <summary>Checks an invocation or object creation.</summary>
    public static void Analyze(in OperationAnalysisContext context)
    {
        foreach (var (argument, source) in FindDeveloperPaths(context.Operation))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptor,
                argument.Syntax.GetLocation(),
                source.Path));
        }
    }

    /// <summary>The path arguments of a data-loading call that hold a developer-machine path, with where it comes from.</summary>
    internal static IEnumerable<(IOperation Argument, DeveloperPaths.Source Source)> FindDeveloperPaths(IOperation operation)
    {
        var (method, arguments) = operation switch
        {
            IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
            IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
            _ => (null, ImmutableArray<IArgumentOperation>.Empty),
        };

        if (method is null)
        {
            yield break;
        }

        if (IsMlNetFileLoader(method))
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter is { Name: "path" or "paths" } parameter && IsStringOrStrings(parameter.Type))
                {
                    foreach (var value in Elements(argument))
                    {
                        if (DeveloperPaths.Find(value) is { } source)
                        {
                            yield return (value, source);
                        }
                    }
                }
            }
        }
        else if (IsFileRead(method)
            && arguments.Length > 0
            && arguments[0].Parameter?.Type.SpecialType == SpecialType.System_String
            && FeedsLoadFromEnumerable(operation)
            && DeveloperPaths.Find(arguments[0].Value) is { } source)
        {
            yield return (arguments[0].Value, source);
        }
    }

    private static IEnumerable<IOperation> Elements(IArgumentOperation argument)
    {
        if (argument.Value.WalkDownConversion() is IArrayCreationOperation { Initializer: { } initializer })
        {
            return initializer.ElementValues;
        }

        return new[] { argument.Value };
    }

    private static bool IsStringOrStrings(ITypeSymbol type)
        => type.SpecialType == SpecialType.System_String
           || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String };

    /// <summary>ML.NET's loaders that take file paths: LoadFrom*File/LoadFromBinary, IDataLoader.Load(paths), MultiFileSource.</summary>
    private static bool IsMlNetFileLoader(IMethodSymbol method)
    {
        if (!method.IsFromMlNet())
        {
            return false;
        }

        if (method.MethodKind == MethodKind.Constructor)
        {
            return method.ContainingType.Name == "MultiFileSource";
        }

        return (method.Name.StartsWith("LoadFrom", System.StringComparison.Ordinal) && method.Name != "LoadFromEnumerable")
               || (method.Name == "Load" && method.ContainingType.Name == "DataLoaderExtensions");
    }

    /// <summary>System.IO.File.Read*/Open*, new StreamReader(path), new FileStream(path, ...).</summary>
    private static bool IsFileRead(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type?.ContainingNamespace is not { Name: "IO", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
        {
            return false;
        }

        return method.MethodKind == MethodKind.Constructor
            ? type.Name is "StreamReader" or "FileStream"
            : type.Name == "File" && (method.Name.StartsWith("Read", System.StringComparison.Ordinal) || method.Name is "OpenRead" or "OpenText" or "Open");
    }

    /// <summary>
    /// True when the value of <paramref name="read"/> reaches the data argument of <c>LoadFromEnumerable</c>: it is inside
    /// that argument, or stored in a local (assigned once, followed a few hops) that the argument mentions.
    /// </summary>
    private static bool FeedsLoadFromEnumerable(IOperation read)
    {
        var current = read;
        for (var hop = 0; hop < 4; hop++)
        {
            ILocalSymbol? local = null;
            for (var node = current.Parent; node is not null; node = node.Parent)
            {
                if (node is IArgumentOperation { Parent: IInvocationOperation call } && IsLoadFromEnumerable(call.TargetMethod))
                {
                    return true;
                }

                if (node is IVariableDeclaratorOperation declarator)
                {
                    local = declarator.Symbol;
                    break;
                }

                if (node is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target })
                {
                    local = target.Local;
                    break;
                }

                if (node is IBlockOperation or IExpressionStatementOperation or IReturnOperation or IAnonymousFunctionOperation)
                {
                    return false;
                }
            }

            if (local is null || DataFlow.GetSingleAssignedValue(current.GetRoot(), local) is null)
            {
                return false;
            }

            IOperation? next = null;
            foreach (var reference in current.GetRoot().GetDescendants())
            {
                if (reference is ILocalReferenceOperation use && SymbolEqualityComparer.Default.Equals(use.Local, local))
                {
                    next = use;
                    for (var node = use.Parent; node is not null; node = node.Parent)
                    {
                        if (node is IArgumentOperation { Parent: IInvocationOperation call } && IsLoadFromEnumerable(call.TargetMethod))
                        {
                            return true;
                        }
                    }
                }
            }

            if (next is null)
            {
                return false;
            }

            // Follow the local's last use (LINQ over the lines, a list built from them) one hop further.
            current = next;
        }

        return false;
    }

    private static bool IsLoadFromEnumerable(IMethodSymbol method)
        => method.Name == "LoadFromEnumerable" && method.IsFromMlNet();
}
