# Perl Gearman::Client and Gearman::Worker (libgearman-client-perl) against a job server:
# a worker that reverses its argument runs in a child; the client submits one job and
# prints the result. Usage: perl roundTrip.pl HOST:PORT TEXT
use strict;
use warnings;
use Gearman::Client;
use Gearman::Worker;

my ($server, $text) = @ARGV;
my $pid = fork();
die "fork: $!" unless defined $pid;
if ($pid == 0) {
  my $worker = Gearman::Worker->new;
  $worker->job_servers($server);
  $worker->register_function(perl_reverse => sub { scalar reverse $_[0]->arg });
  $worker->work while 1;
  exit 0;
}
my $client = Gearman::Client->new;
$client->job_servers($server);
my $result = $client->do_task('perl_reverse', $text, { timeout => 10 });
kill 'TERM', $pid;
waitpid $pid, 0;
print defined $result ? "$$result\n" : "no result\n";
exit(defined $result ? 0 : 1);
