using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Rules;

/// <summary>
/// MLOPS104: <c>mlContext.Model.Save(model, null, path)</c>, and the same with <c>default</c> or a named
/// <c>inputSchema: null</c>. The overloads that take a data loader carry the schema in the loader and are not flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelSavedWithoutSchemaAnalyzer : MlNetAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLOPS104_ModelSavedWithoutSchema);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols)
    {
        if (symbols.ModelOperationsCatalog is null || symbols.DataViewSchema is null)
        {
            return;
        }

        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, MlNetSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (GetNullSchemaArgument(invocation, symbols) is { } argument)
        {
            // The whole argument, name included (inputSchema: null); the operation's syntax can be the bare literal.
            var syntax = argument.Syntax.FirstAncestorOrSelf<ArgumentSyntax>() ?? argument.Syntax;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.MLOPS104_ModelSavedWithoutSchema, syntax.GetLocation()));
        }
    }

    /// <summary>The <c>inputSchema</c> argument of a <c>Model.Save</c> call when it is a constant null, else null.</summary>
    internal static IArgumentOperation? GetNullSchemaArgument(IInvocationOperation invocation, MlNetSymbols symbols)
    {
        var method = invocation.TargetMethod;
        if (method.Name != "Save" || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.ModelOperationsCatalog))
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter
                && SymbolEqualityComparer.Default.Equals(parameter.Type, symbols.DataViewSchema)
                && argument.ArgumentKind == ArgumentKind.Explicit
                && argument.Value.IsNullConstant())
            {
                return argument;
            }
        }

        return null;
    }
}
