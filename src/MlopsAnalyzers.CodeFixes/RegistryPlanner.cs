using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using MlopsAnalyzers.Artifacts;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>One node of one document replaced by a registry fix.</summary>
internal sealed class RegistryEdit
{
    public RegistryEdit(DocumentId document, SyntaxNode oldNode, IReadOnlyList<SyntaxNode> newNodes, IReadOnlyList<string> namespaces, IReadOnlyList<SyntaxNode>? removeWhenUnused = null)
    {
        Document = document;
        OldNode = oldNode;
        NewNodes = newNodes;
        Namespaces = namespaces;
        RemoveWhenUnused = removeWhenUnused ?? Array.Empty<SyntaxNode>();
    }

    public DocumentId Document { get; }

    public SyntaxNode OldNode { get; }

    /// <summary>What replaces <see cref="OldNode"/>: one node, or several statements.</summary>
    public IReadOnlyList<SyntaxNode> NewNodes { get; }

    /// <summary>The namespaces the new code needs imported.</summary>
    public IReadOnlyList<string> Namespaces { get; }

    /// <summary>Local declarations (client objects, requests, streams) removed when nothing reads their variable any more.</summary>
    public IReadOnlyList<SyntaxNode> RemoveWhenUnused { get; }
}

/// <summary>The edits of one registry fix, possibly across documents (a producer and its consumers).</summary>
internal sealed class RegistryPlan
{
    public RegistryPlan(string title, IReadOnlyList<RegistryEdit> edits)
    {
        Title = title;
        Edits = edits;
    }

    public string Title { get; }

    public IReadOnlyList<RegistryEdit> Edits { get; }
}

/// <summary>
/// Plans the MLOPS101, MLOPS102 and MLOPS103 fixes so that the program keeps its run-time behaviour:
/// <list type="bullet">
/// <item>the registry is rooted where the model went before (the folder of the saved file, the bucket and key prefix of
/// an S3 upload, the container and prefix of a blob upload), overridable with <c>MLOPS_REGISTRY_ROOT</c>;</item>
/// <item>a save of a file is rewritten with every load of that file in the solution (<see cref="RegistryFileGroup"/>),
/// and not at all when some other code uses the file;</item>
/// <item>a copy or upload is replaced only when the same method saves the model it moves (save + upload becomes register
/// + alias); copies in code that only consumes or archives a model keep their copy.</item>
/// </list>
/// </summary>
internal static class RegistryPlanner
{
    /// <summary>The assembly of the S3 store package, which a registry at an <c>s3://</c> root needs at run time.</summary>
    public const string AmazonS3Store = "MlopsAnalyzers.Abstractions.AmazonS3";

    /// <summary>The assembly of the Azure Blob Storage store package, which a registry at a container URL needs at run time.</summary>
    public const string AzureBlobsStore = "MlopsAnalyzers.Abstractions.AzureBlobs";

    // ------------------------------------------------------------------ MLOPS101, MLOPS103: saves and loads of a file

    /// <summary>
    /// The plan for a <c>Model.Save</c> or <c>Model.Load</c> of a model file: every save and load of that file in the
    /// solution moves to a registry in the file's folder, under a name from its file name. Null when the path is not
    /// known at compile time, nothing saves the file, or some use of it cannot be rewritten.
    /// </summary>
    public static async Task<RegistryPlan?> PlanFileAsync(Document document, IInvocationOperation call, MlNetSymbols symbols, string loadVersion, CancellationToken cancellationToken)
    {
        var path = ModelArtifacts.IsModelSaveToFile(call, symbols, out var savePath) ? savePath : RegistryFileGroup.LoadPath(call, symbols);
        if (path is null
            || RegistryPaths.ConstantPath(path.Value, symbols) is not { } value
            || value.IndexOf("://", StringComparison.Ordinal) >= 0)
        {
            return null;
        }

        var (folder, fileName) = RegistryPaths.Split(value);
        if (RegistryPaths.NameOf(fileName) is not { } name
            || await RegistryFileGroup.FindAsync(document.Project.Solution, value, fileName, loadsOnly: false, Array.Empty<(DocumentId, TextSpan)>(), cancellationToken).ConfigureAwait(false) is not { } group
            || !group.Saves.Any())
        {
            return null;
        }

        var root = ModelRegistryRewrite.Literal(folder);
        var edits = new List<RegistryEdit>();
        foreach (var save in group.Saves)
        {
            if (RegisterEdit(save, root, name) is not { } edit)
            {
                return null;
            }

            edits.Add(edit);
        }

        var loads = 0;
        foreach (var load in group.Loads)
        {
            if (LoadEdit(load, root, name, loadVersion) is not { } edit)
            {
                return null;
            }

            edits.Add(edit);
            loads++;
        }

        var title = loads == 0
            ? $"Register the model as '{name}' in a model registry in '{folder}'"
            : $"Register the model as '{name}' in a model registry in '{folder}' and load '{loadVersion}' from it ({loads} load{(loads == 1 ? "" : "s")})";
        return new RegistryPlan(title, edits);
    }

    private static RegistryEdit? RegisterEdit(FileUse save, string rootFallback, string name)
    {
        var call = save.Call;
        if (ModelRegistryRewrite.GetMLContext(call, save.Symbols) is not { } mlContext
            || call.GetArgument("model")?.Syntax is not ArgumentSyntax model
            || call.GetArgument("inputSchema") is not { Syntax: ArgumentSyntax schema } schemaArgument
            || !ArtifactSymbols.Is(schemaArgument.Parameter?.Type, save.Symbols.DataViewSchema)
            || schemaArgument.Value.IsNullConstant()
            || Open(save.SemanticModel, save.Symbols, call.Syntax.SpanStart, rootFallback, out var namespaces) is not { } open)
        {
            return null;
        }

        var register = SyntaxFactory.ParseExpression($"{open}.Register({mlContext.WithoutTrivia()}, {Quote(name)}, {Code(model.Expression)}, {Code(schema.Expression)})");
        return new RegistryEdit(save.Document.Id, call.Syntax, new[] { register.WithTriviaFrom(call.Syntax) }, namespaces);
    }

    private static RegistryEdit? LoadEdit(FileUse load, string rootFallback, string name, string version)
    {
        var call = load.Call;
        if (ModelRegistryRewrite.GetMLContext(call, load.Symbols) is not { } mlContext
            || load.Call.GetArgument(call.TargetMethod.Parameters[1])?.Syntax is not ArgumentSyntax schema
            || Open(load.SemanticModel, load.Symbols, call.Syntax.SpanStart, rootFallback, out var namespaces) is not { } open)
        {
            return null;
        }

        // The out argument is kept as written (out var schema, out _, out DataViewSchema s), without a parameter name.
        var registryLoad = SyntaxFactory.ParseExpression($"{open}.Load({mlContext.WithoutTrivia()}, {Quote(name)}, {Quote(version)}, {Code(schema.WithNameColon(null))})");
        return new RegistryEdit(load.Document.Id, call.Syntax, new[] { registryLoad.WithTriviaFrom(call.Syntax) }, namespaces);
    }

    // ------------------------------------------------------------------ MLOPS102: a copy or upload

    /// <summary>
    /// The plan for a statement that copies or uploads a model file that the same method saved: the statement becomes
    /// a registration in a registry at the copy's destination and an alias moved to the new version; the loads of a
    /// copied file's destination in the solution load the alias instead. Null when the method does not save the
    /// model (the code consumes or archives a model: no alias may move), the destination is not known at compile
    /// time, the store package the destination needs is not referenced, or some reader of the destination cannot be
    /// rewritten.
    /// </summary>
    public static async Task<RegistryPlan?> PlanMoveAsync(Document document, SemanticModel semanticModel, IInvocationOperation move, MlNetSymbols symbols, string alias, CancellationToken cancellationToken)
    {
        if (ModelArtifacts.GetMove(move, symbols) is not { } found
            || StatementOf(move, out var awaited, out var configureAwait) is not { } statement
            || FindProducingSave(move, found, symbols) is not { } save
            || ModelRegistryRewrite.GetMLContext(save, symbols) is not { } mlContext
            || save.GetArgument("model") is not { } model
            || save.GetArgument("inputSchema") is not { } schema
            || !ArtifactSymbols.Is(schema.Parameter?.Type, symbols.DataViewSchema)
            || schema.Value.IsNullConstant()
            || semanticModel.GetOperation(mlContext, cancellationToken) is not { } mlContextOperation
            || !FixScope.IsInScope(semanticModel, statement.SpanStart, mlContextOperation)
            || !FixScope.IsInScope(semanticModel, statement.SpanStart, model.Value)
            || !FixScope.IsInScope(semanticModel, statement.SpanStart, schema.Value))
        {
            return null;
        }

        var compilation = semanticModel.Compilation;
        var method = move.TargetMethod;
        var edits = new List<RegistryEdit>();
        string rootFallback;
        string name;
        string where;
        var extraNamespaces = new List<string>();
        if (found.DestinationPath is { } destination)
        {
            // File.Copy / File.Move to a folder or share: the registry lives in that folder, and the loads of the
            // copied file load the alias from it.
            if (RegistryPaths.ConstantPath(destination, symbols) is not { } destinationPath || destinationPath.IndexOf("://", StringComparison.Ordinal) >= 0)
            {
                return null;
            }

            var (folder, fileName) = RegistryPaths.Split(destinationPath);
            if (RegistryPaths.NameOf(fileName) is not { } destinationName
                || await RegistryFileGroup.FindAsync(document.Project.Solution, destinationPath, fileName, loadsOnly: true, SourceOf(document, statement, save, symbols), cancellationToken).ConfigureAwait(false) is not { } readers)
            {
                return null;
            }

            name = destinationName;
            rootFallback = ModelRegistryRewrite.Literal(folder);
            where = folder;
            foreach (var load in readers.Loads)
            {
                if (LoadEdit(load, rootFallback, name, alias) is not { } edit)
                {
                    return null;
                }

                edits.Add(edit);
            }
        }
        else if (found.Description.StartsWith("TransferUtility", StringComparison.Ordinal) || found.Description.StartsWith("PutObject", StringComparison.Ordinal))
        {
            if (!References(compilation, AmazonS3Store)
                || S3Destination(move, found, symbols) is not { } s3
                || await HasOtherReadersAsync(document, statement, save, s3.Key, symbols, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var (prefix, keyFile) = SplitKey(s3.Key);
            if (RegistryPaths.NameOf(keyFile) is not { } keyName)
            {
                return null;
            }

            name = keyName;
            where = "s3://" + s3.Bucket + (prefix.Length == 0 ? "" : "/" + prefix);
            rootFallback = ModelRegistryRewrite.Literal(where);
        }
        else if (found.Description.StartsWith("Blob", StringComparison.Ordinal))
        {
            if (!References(compilation, AzureBlobsStore)
                || BlobDestination(move, found, symbols) is not { } blob
                || await HasOtherReadersAsync(document, statement, save, blob.Needle, symbols, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            name = blob.Name;
            rootFallback = blob.Root;
            where = "the blob container";
            extraNamespaces.Add("System");
        }
        else
        {
            return null;
        }

        if (Open(semanticModel, symbols, statement.SpanStart, rootFallback, out var namespaces) is not { } open
            || (extraNamespaces.Count > 0 && !TypeVisible(semanticModel, statement.SpanStart, "Uri", "System.Uri")))
        {
            return null;
        }

        var registry = FreshName(semanticModel, statement, "registry");
        var version = FreshName(semanticModel, statement, "published");
        var (awaitText, asyncSuffix, configure) = awaited ? ("await ", "Async", configureAwait ? ".ConfigureAwait(false)" : "") : ("", "", "");
        var texts = new[]
        {
            $"var {registry} = {open};",
            $"var {version} = {awaitText}{registry}.Register{asyncSuffix}({mlContext.WithoutTrivia()}, {Quote(name)}, {Code(model.Value.Syntax)}, {Code(schema.Value.Syntax)}){configure};",
            $"{awaitText}{registry}.SetAlias{asyncSuffix}({Quote(name)}, {Quote(alias)}, {version}.Version){configure};",
        };
        edits.Insert(0, new RegistryEdit(
            document.Id,
            statement,
            Statements(statement, texts),
            namespaces.Concat(extraNamespaces).Distinct().ToList(),
            RemovableLocals(semanticModel, statement, move, cancellationToken)));
        var readersNote = edits.Count > 1 ? $" and load '{alias}' from it ({edits.Count - 1} load{(edits.Count == 2 ? "" : "s")})" : "";
        return new RegistryPlan($"Register '{name}' in a model registry in {(where.Length == 0 ? "." : where)} and point '{alias}' at it{readersNote}", edits);
    }

    /// <summary>The spans that name the copied file rather than its destination: the copy itself and the path the save writes.</summary>
    private static IReadOnlyCollection<(DocumentId, TextSpan)> SourceOf(Document document, StatementSyntax statement, IInvocationOperation save, MlNetSymbols symbols)
    {
        var literals = new HashSet<SyntaxNode>();
        foreach (var argument in save.Arguments)
        {
            RegistryPaths.CollectLiterals(argument.Value, symbols, literals);
        }

        var spans = new List<(DocumentId, TextSpan)> { (document.Id, statement.Span) };
        foreach (var literal in literals)
        {
            if (document.Project.Solution.GetDocument(literal.SyntaxTree) is { } owner)
            {
                spans.Add((owner.Id, literal.Span));
            }
        }

        return spans;
    }

    /// <summary>The statement the move is, plain or awaited (with <c>ConfigureAwait</c>), or null when its value is used.</summary>
    private static StatementSyntax? StatementOf(IInvocationOperation move, out bool awaited, out bool configureAwait)
    {
        awaited = false;
        configureAwait = false;
        var current = move.WalkUpConversion();
        if (current is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Instance?.WalkDownConversion() == move)
        {
            configureAwait = true;
            current = configured.WalkUpConversion();
        }

        if (current is IAwaitOperation awaitOperation)
        {
            awaited = true;
            current = awaitOperation.WalkUpConversion();
        }
        else if (configureAwait)
        {
            return null;
        }

        return current is IExpressionStatementOperation { Syntax: ExpressionStatementSyntax statement } && (awaited || !IsTask(move.Type)) ? statement : null;
    }

    private static bool IsTask(ITypeSymbol? type)
        => type is INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace: { } ns } && ns.ToDisplayString() == "System.Threading.Tasks";

    /// <summary>The <c>Model.Save</c> before the move in the same method that writes the file or stream it moves.</summary>
    private static IInvocationOperation? FindProducingSave(IInvocationOperation move, ModelArtifacts.Move found, MlNetSymbols symbols)
    {
        var sourcePath = found.SourcePath ?? (found.SourceStream is null ? null : ModelArtifacts.GetFilePathOfStream(found.SourceStream, symbols));
        foreach (var operation in move.GetRoot().GetDescendants())
        {
            if (operation is not IInvocationOperation call
                || call.Syntax.SpanStart >= move.Syntax.SpanStart
                || call.TargetMethod.Name != "Save"
                || !ArtifactSymbols.Is(call.TargetMethod.ContainingType, symbols.ModelOperationsCatalog))
            {
                continue;
            }

            foreach (var argument in call.Arguments)
            {
                var type = argument.Parameter?.Type;
                if (type?.SpecialType == SpecialType.System_String && sourcePath is not null && ModelArtifacts.IsSameValue(argument.Value, sourcePath))
                {
                    return call;
                }

                if (type.InheritsFrom(symbols.Artifacts.Stream)
                    && ((found.SourceStream is not null && ModelArtifacts.IsSameValue(argument.Value, found.SourceStream))
                        || (sourcePath is not null && ModelArtifacts.GetFilePathOfStream(argument.Value, symbols) is { } written && ModelArtifacts.IsSameValue(written, sourcePath))))
                {
                    return call;
                }
            }
        }

        return null;
    }

    private sealed class S3Target
    {
        public S3Target(string bucket, string key)
        {
            Bucket = bucket;
            Key = key;
        }

        public string Bucket { get; }

        public string Key { get; }
    }

    /// <summary>The bucket and key of an S3 upload, when both are known at compile time (the key defaults to the file name).</summary>
    private static S3Target? S3Destination(IInvocationOperation move, ModelArtifacts.Move found, MlNetSymbols symbols)
    {
        IOperation? bucket = null;
        IOperation? key = null;
        foreach (var argument in move.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is not { } parameter)
            {
                continue;
            }

            if (parameter.Name == "bucketName")
            {
                bucket = argument.Value;
            }
            else if (parameter.Name == "key")
            {
                key = argument.Value;
            }
            else if (Initializer(argument.Value) is { } initializer)
            {
                foreach (var member in initializer.Initializers)
                {
                    if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment)
                    {
                        if (property.Property.Name == "BucketName")
                        {
                            bucket = assignment.Value;
                        }
                        else if (property.Property.Name == "Key")
                        {
                            key = assignment.Value;
                        }
                    }
                }
            }
        }

        var sourcePath = found.SourcePath ?? (found.SourceStream is null ? null : ModelArtifacts.GetFilePathOfStream(found.SourceStream, symbols));
        var bucketName = bucket is null ? null : RegistryPaths.ConstantPath(bucket, symbols);
        var keyValue = key is null
            ? (sourcePath is null ? null : ModelArtifacts.GetFileNameOf(sourcePath, symbols))
            : RegistryPaths.ConstantPath(key, symbols);
        return string.IsNullOrEmpty(bucketName) || string.IsNullOrEmpty(keyValue) || bucketName!.IndexOf('/') >= 0
            ? null
            : new S3Target(bucketName, keyValue!.TrimStart('/'));
    }

    private static IObjectOrCollectionInitializerOperation? Initializer(IOperation value, int depth = 0)
    {
        value = value.WalkDownConversion();
        return value switch
        {
            IObjectCreationOperation { Initializer: { } initializer } => initializer,
            ILocalReferenceOperation local when depth < 4 && DataFlow.GetSingleAssignedValue(value.GetRoot(), local.Local) is { } assigned => Initializer(assigned, depth + 1),
            _ => null,
        };
    }

    private sealed class BlobTarget
    {
        public BlobTarget(string root, string name, string needle)
        {
            Root = root;
            Name = name;
            Needle = needle;
        }

        /// <summary>C# code of the registry's root URL: the container (and prefix) of the blob, from the client at run time.</summary>
        public string Root { get; }

        public string Name { get; }

        /// <summary>What readers of the blob would name: its blob name, or the file name uploaded.</summary>
        public string Needle { get; }
    }

    /// <summary>
    /// The root of a blob upload, taken from the client object at run time: the folder of <c>blob.Uri</c>, or the
    /// container's <c>Uri</c> and the folder of a constant blob name. The client must be a variable, field or parameter.
    /// </summary>
    private static BlobTarget? BlobDestination(IInvocationOperation move, ModelArtifacts.Move found, MlNetSymbols symbols)
    {
        if (move.Instance is not { Syntax: ExpressionSyntax receiver } instance || !IsPlainReference(instance))
        {
            return null;
        }

        var client = receiver.WithoutTrivia().ToString();
        var sourcePath = found.SourcePath ?? (found.SourceStream is null ? null : ModelArtifacts.GetFilePathOfStream(found.SourceStream, symbols));
        if (move.TargetMethod.Name.StartsWith("UploadBlob", StringComparison.Ordinal))
        {
            if (move.GetArgument("blobName") is not { } blobName || RegistryPaths.ConstantPath(blobName.Value, symbols) is not { Length: > 0 } blob)
            {
                return null;
            }

            var (prefix, blobFile) = SplitKey(blob.TrimStart('/'));
            return RegistryPaths.NameOf(blobFile) is { } name
                ? new BlobTarget($"{client}.Uri.AbsoluteUri" + (prefix.Length == 0 ? "" : " + " + Quote("/" + prefix)), name, blob)
                : null;
        }

        var known = BlobNameOf(instance, symbols);
        var fileName = known is not null ? SplitKey(known).Name : sourcePath is null ? null : ModelArtifacts.GetFileNameOf(sourcePath, symbols);
        return fileName is not null && RegistryPaths.NameOf(fileName) is { } blobModelName
            ? new BlobTarget($"new Uri({client}.Uri, \".\").AbsoluteUri.TrimEnd('/')", blobModelName, known ?? fileName)
            : null;
    }

    /// <summary>The blob name of a client made in the method by <c>GetBlobClient("name")</c> or <c>new BlobClient(..., "container", "name")</c>.</summary>
    private static string? BlobNameOf(IOperation client, MlNetSymbols symbols)
    {
        if (client.WalkDownConversion() is not ILocalReferenceOperation local || DataFlow.GetSingleAssignedValue(client.GetRoot(), local.Local)?.WalkDownConversion() is not { } value)
        {
            return null;
        }

        var arguments = value switch
        {
            IInvocationOperation { TargetMethod.Name: "GetBlobClient" or "GetBlockBlobClient" } call => call.Arguments,
            IObjectCreationOperation creation when creation.Arguments.Length == 3 => creation.Arguments,
            _ => default,
        };
        return arguments.IsDefaultOrEmpty ? null : RegistryPaths.ConstantPath(arguments[arguments.Length - 1].Value, symbols);
    }

    private static bool IsPlainReference(IOperation operation)
        => operation.WalkDownConversion() switch
        {
            ILocalReferenceOperation or IParameterReferenceOperation => true,
            IFieldReferenceOperation field => field.Instance is null or IInstanceReferenceOperation,
            IPropertyReferenceOperation property => property.Arguments.IsEmpty && (property.Instance is null or IInstanceReferenceOperation),
            _ => false,
        };

    private static (string Prefix, string Name) SplitKey(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash < 0 ? ("", key) : (key.Substring(0, slash), key.Substring(slash + 1));
    }

    /// <summary>
    /// True when some code of the solution, besides the move and the save, names the object the move writes: a reader
    /// of the bucket or container (a download, a <c>GetObject</c>) that the fix cannot rewrite.
    /// </summary>
    private static async Task<bool> HasOtherReadersAsync(Document document, StatementSyntax statement, IInvocationOperation save, string needle, MlNetSymbols symbols, CancellationToken cancellationToken)
    {
        var own = new HashSet<SyntaxNode>();
        foreach (var argument in save.Arguments)
        {
            RegistryPaths.CollectLiterals(argument.Value, symbols, own);
        }

        // The file the save writes stays where it is: literals naming it are not readers of the uploaded object.
        var saved = save.Arguments.FirstOrDefault(a => a.Parameter?.Type.SpecialType == SpecialType.System_String) is { } savePath
            ? RegistryPaths.ConstantPath(savePath.Value, symbols)
            : null;
        var fileName = SplitKey(needle).Name;
        foreach (var project in document.Project.Solution.Projects)
        {
            foreach (var other in project.Documents)
            {
                var text = await other.GetTextAsync(cancellationToken).ConfigureAwait(false);
                if (text.ToString().IndexOf(fileName, StringComparison.OrdinalIgnoreCase) < 0
                    || await other.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
                {
                    continue;
                }

                foreach (var token in root.DescendantTokens())
                {
                    if (token.Parent is { } node
                        && (token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.InterpolatedStringTextToken))
                        && (string.Equals(token.ValueText, needle, StringComparison.OrdinalIgnoreCase) || token.ValueText.EndsWith("/" + needle, StringComparison.OrdinalIgnoreCase))
                        && !string.Equals(token.ValueText, saved, StringComparison.Ordinal)
                        && !(other.Id == document.Id && statement.Span.Contains(node.Span))
                        && !own.Any(o => o.SyntaxTree == node.SyntaxTree && o.Span.Contains(node.Span))
                        && !IsInitializerOfOwnLocal(node, statement))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>A literal that initializes a local of the move's method read only by the move (a request object, a key).</summary>
    private static bool IsInitializerOfOwnLocal(SyntaxNode node, StatementSyntax statement)
        => node.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } declaration
            && declaration.Parent == statement.Parent
            && declaration.Declaration.Variables.All(v => statement.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText == v.Identifier.ValueText))
            && declaration.Parent!.DescendantNodes().OfType<IdentifierNameSyntax>()
                .Where(i => declaration.Declaration.Variables.Any(v => v.Identifier.ValueText == i.Identifier.ValueText))
                .All(i => statement.Span.Contains(i.Span));

    /// <summary>
    /// The local declarations of client objects, requests and streams that the move statement reads, and those they
    /// read in turn: removed after the rewrite when nothing reads them any more.
    /// </summary>
    private static IReadOnlyList<SyntaxNode> RemovableLocals(SemanticModel semanticModel, StatementSyntax statement, IInvocationOperation move, CancellationToken cancellationToken)
    {
        var found = new List<SyntaxNode>();
        var pending = new Queue<SyntaxNode>();
        pending.Enqueue(statement);
        while (pending.Count > 0)
        {
            foreach (var identifier in pending.Dequeue().DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local
                    && local.DeclaringSyntaxReferences.Length == 1
                    && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value } declarator
                    && declarator.Parent?.Parent is LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } declaration
                    && !found.Contains(declaration)
                    && IsFreeOfEffects(semanticModel, value, cancellationToken))
                {
                    found.Add(declaration);
                    pending.Enqueue(value);
                }
            }
        }

        return found;
    }

    /// <summary>An initializer whose removal changes nothing but the object it makes: a client, request or stream.</summary>
    private static bool IsFreeOfEffects(SemanticModel semanticModel, ExpressionSyntax value, CancellationToken cancellationToken)
    {
        switch (semanticModel.GetOperation(value, cancellationToken)?.WalkDownConversion())
        {
            case IObjectCreationOperation creation:
                var ns = creation.Type?.ContainingNamespace?.ToDisplayString() ?? "";
                return ns.StartsWith("Amazon.S3", StringComparison.Ordinal) || ns.StartsWith("Azure.Storage.Blobs", StringComparison.Ordinal);
            case IInvocationOperation call:
                return call.TargetMethod.Name is "GetBlobClient" or "GetBlockBlobClient" or "GetBlobContainerClient"
                    || (call.TargetMethod.Name is "OpenRead" && call.TargetMethod.ContainingType?.ToDisplayString() == "System.IO.File");
            default:
                return false;
        }
    }

    // ------------------------------------------------------------------ code

    /// <summary>
    /// <c>ModelRegistry.Open(Environment.GetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable) ?? root)</c>, and the
    /// namespaces it needs at <paramref name="position"/>; null when <c>ModelRegistry</c> names another type there.
    /// </summary>
    private static string? Open(SemanticModel semanticModel, MlNetSymbols symbols, int position, string rootFallback, out IReadOnlyList<string> namespaces)
    {
        var needed = new List<string>();
        namespaces = needed;
        if (symbols.ModelRegistry is null || ModelRegistryRewrite.NeedsImport(semanticModel, position, symbols) is not { } needsImport)
        {
            return null;
        }

        if (needsImport)
        {
            needed.Add(ModelRegistryRewrite.Namespace);
        }

        string environment;
        var visible = semanticModel.LookupNamespacesAndTypes(position, name: "Environment");
        if (visible.Length == 0)
        {
            environment = "Environment";
            needed.Add("System");
        }
        else
        {
            environment = visible.Length == 1 && visible[0].ToDisplayString() == "System.Environment" ? "Environment" : "global::System.Environment";
        }

        return $"ModelRegistry.Open({environment}.GetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable) ?? {rootFallback})";
    }

    private static bool TypeVisible(SemanticModel semanticModel, int position, string name, string fullName)
    {
        var visible = semanticModel.LookupNamespacesAndTypes(position, name: name);
        return visible.Length == 0 || (visible.Length == 1 && visible[0].ToDisplayString() == fullName);
    }

    private static bool References(Compilation compilation, string assemblyName)
        => compilation.ReferencedAssemblyNames.Any(a => string.Equals(a.Name, assemblyName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The code of a node with the comments inside and after it, without surrounding spaces.</summary>
    private static string Code(SyntaxNode node) => node.ToFullString().Trim();

    private static string Quote(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>A local name that is free at and after <paramref name="statement"/> in its member.</summary>
    private static string FreshName(SemanticModel semanticModel, StatementSyntax statement, string name)
    {
        var member = (SyntaxNode?)statement.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax) ?? statement.SyntaxTree.GetRoot();
        var taken = new HashSet<string>(member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText), StringComparer.Ordinal);
        var candidate = name;
        for (var i = 2; taken.Contains(candidate) || semanticModel.LookupSymbols(statement.SpanStart, name: candidate).Length > 0; i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>Statements parsed from <paramref name="texts"/>, laid out where <paramref name="original"/> was (its indentation, comments and line ends).</summary>
    private static IReadOnlyList<SyntaxNode> Statements(StatementSyntax original, IReadOnlyList<string> texts)
    {
        var leading = original.GetLeadingTrivia();
        var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
        var endOfLine = original.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is var eol && eol.IsKind(SyntaxKind.EndOfLineTrivia)
            ? eol
            : SyntaxFactory.ElasticCarriageReturnLineFeed;
        var statements = new List<SyntaxNode>();
        for (var i = 0; i < texts.Count; i++)
        {
            var statement = SyntaxFactory.ParseStatement(texts[i])
                .WithLeadingTrivia(i == 0 ? leading : indentation)
                .WithTrailingTrivia(i == texts.Count - 1 ? original.GetTrailingTrivia() : SyntaxFactory.TriviaList(endOfLine));
            statements.Add(statement);
        }

        return statements;
    }
}
