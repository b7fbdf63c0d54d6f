using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Data;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS603: sets <c>MissingRealsAsNaNs = true</c>: in the options initializer the call reads (in the call or in the
/// local that holds it), or, for a parameter overload, by moving its settings into a
/// <c>new TextLoader.Options { ..., MissingRealsAsNaNs = true }</c> passed to the options overload (same separator,
/// header, quoting, whitespace and sparse settings; the columns, path and data sample kept). No fix when the options
/// are null or omitted.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingRealsReadAsZeroCodeFix)), Shared]
public sealed class MissingRealsReadAsZeroCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS603.SetMissingRealsAsNaNs";

    private const string Title = "Read empty numeric fields as NaN (MissingRealsAsNaNs = true)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.MissingRealsReadAsZero);

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        var data = new DataSymbols(target.SemanticModel.Compilation);
        if (target.Enclosing<InvocationExpressionSyntax>(context.Span) is not { } call
            || target.Operation<IInvocationOperation>(call) is not { } invocation
            || MissingRealsReadAsZeroRule.GetMissingValueStep(invocation, target.Symbols, data) is null
            || TextLoad.Get(invocation, data) is not { } load)
        {
            return;
        }

        if (load.OptionsArgument is null)
        {
            var typeName = new TypeNames(target.SemanticModel, call.SpanStart).Get("Microsoft.ML.Data", "TextLoader") + ".Options";
            if (TextLoaderOptionsRewrite.ToOptionsOverload(call, invocation, typeName, new[] { ("MissingRealsAsNaNs", TextLoaderOptionsRewrite.True) }) is { } rewritten)
            {
                Register(context, Title, ct => ReplaceAsync(context.Document, call, rewritten, ct), EquivalenceKey);
            }

            return;
        }

        if (load.OptionsCreation?.Syntax is BaseObjectCreationExpressionSyntax { ContainsDiagnostics: false } creation
            && creation.SyntaxTree == call.SyntaxTree)
        {
            var updated = TextLoaderOptionsRewrite.WithMember(creation, "MissingRealsAsNaNs", TextLoaderOptionsRewrite.True);
            Register(context, Title, ct => ReplaceAsync(context.Document, creation, updated, ct), EquivalenceKey);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
    }
}
