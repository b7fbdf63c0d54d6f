using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Artifacts;

/// <summary>
/// MLOPS104: <c>mlContext.Model.Save(model, null, path)</c>, and the same with <c>default</c> or a named
/// <c>inputSchema: null</c>. The overloads that take a data loader carry the schema in the loader and are not flagged.
/// </summary>
internal static class ModelSavedWithoutSchemaRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.ModelSavedWithoutSchema,
        RuleCategories.Artifacts,
        RuleLevel.BuildWarning,
        title: "Model saved without its input schema",
        messageFormat: "The model is saved with a null input schema: serving code cannot validate its inputs against the schema the model was trained on",
        description: "ModelOperationsCatalog.Save(model, inputSchema, path) stores the input schema next to the model. With null, the saved model carries no signature, so a loader cannot check that the data it is given has the columns and types the model expects. Pass the Schema of the data the model was fitted on.");

    /// <summary>True when the compilation has the ML.NET types the rule needs.</summary>
    public static bool Applies(MlNetSymbols symbols) => symbols.ModelOperationsCatalog is not null && symbols.DataViewSchema is not null;

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (GetNullSchemaArgument(invocation, symbols) is { } argument)
        {
            // The whole argument, name included (inputSchema: null); the operation's syntax can be the bare literal.
            var syntax = argument.Syntax.FirstAncestorOrSelf<ArgumentSyntax>() ?? argument.Syntax;
            context.ReportDiagnostic(Diagnostic.Create(Descriptor, syntax.GetLocation()));
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
