// The scored rows as an RDD of internal rows, one partition per partition of the input DataFrame. The input's RDD is
// planned only when a job first asks for the partitions (on the driver's calling thread, as Spark computes partitions
// before submitting a job), so transform() stays lazy like any other DataFrame operation.
package dev.jkeras.spark;

import org.apache.spark.Dependency;
import org.apache.spark.OneToOneDependency;
import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.QueryExecution;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

final class ScoredRDD extends RDD<InternalRow> {
    private static final long serialVersionUID = 1L;

    private final transient QueryExecution input;
    private final PartitionScorer scorer;
    private RDD<InternalRow> parent;

    ScoredRDD(QueryExecution input, PartitionScorer scorer) {
        super(input.sparkSession().sparkContext(), CollectionConverters.asScala(java.util.List.<Dependency<?>>of()).toList(),
                ClassTag$.MODULE$.apply(InternalRow.class));
        this.input = input;
        this.scorer = scorer;
    }

    private synchronized RDD<InternalRow> parent() {
        if (parent == null) parent = input.toRdd();
        return parent;
    }

    @Override
    public Partition[] getPartitions() {
        return parent().partitions();
    }

    @Override
    public Seq<Dependency<?>> getDependencies() {
        return CollectionConverters.asScala(java.util.List.<Dependency<?>>of(new OneToOneDependency<>(parent()))).toList();
    }

    @Override
    public scala.collection.Iterator<InternalRow> compute(Partition split, TaskContext context) {
        return CollectionConverters.asScala(scorer.score(CollectionConverters.asJava(parent.iterator(split, context)), split.index()));
    }
}
